// A desk phone's own blind transfer: REFER in the agent's dialog (RFC 3515). The Refer-To
// names an agent's extension (sip:1002@realm) or a queue by name (sip:sales@realm); the same
// blindTransfer as the API's runs, so a phone's transfer and a browser's are one thing. It is
// answered 202 and, since the center carries the transfer out itself, one final NOTIFY
// (sipfrag `200 OK`, subscription terminated) goes before the center's BYE to the agent, as
// Asterisk does for a blind transfer. A target we cannot serve is a final answer with the
// reason (404 unknown, 403 not allowed) and the call goes on. A Refer-To with Replaces is an
// attended transfer (attended-refer.ts). Only the connected agent's REFER counts: one from a dialog the call let go of is 481.
import type Srf from 'drachtio-srf';
import type { Call } from '../call.js';
import { CallControlError } from '../call-control-error.js';
import { respond } from '../sip-safe.js';
import { blindTransfer } from './blind-transfer.js';
import { attendedTransfer, replacedCall, replacesOf } from './attended-refer.js';
import type { TransferTarget } from './transfer.types.js';

export function acceptRefers(call: Call, dialog: Srf.Dialog): void {
  dialog.on('refer', (req: Srf.SrfRequest, res: Srf.SrfResponse) => call.spawn('refer', () => onRefer(call, dialog, req, res)));
}

async function onRefer(call: Call, dialog: Srf.Dialog, req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<void> {
  const log = call.log.child({ referSipCallId: dialog.sip.callId });
  if (call.agentDialog !== dialog) return respond(res, log, 481, 'Call/Transaction Does Not Exist');
  const referTo = req.get('Refer-To') ?? '';
  const uri = /<([^>]*)>/.exec(referTo)?.[1] ?? referTo.trim();
  if (/[?&]replaces=/i.test(uri)) return attended(call, dialog, uri, res, log);
  const target = await targetOf(call, uri);
  if (typeof target === 'string') {
    log.info({ referTo }, `REFER refused: ${target}`);
    return respond(res, log, 404, target);
  }
  try {
    await blindTransfer(call, target, call.agentId ?? null, () => {
      respond(res, log, 202, 'Accepted');
      notifyDone(dialog, log);
    });
  } catch (err) {
    if (!(err instanceof CallControlError)) throw err;
    log.info({ referTo, status: err.status }, `REFER refused: ${err.message}`);
    respond(res, log, err.status === 400 ? 404 : err.status === 503 ? 503 : 403, `${err.status === 400 ? 'Not Found' : 'Forbidden'} - ${err.message}`);
  }
}

async function attended(call: Call, dialog: Srf.Dialog, uri: string, res: Srf.SrfResponse, log: Call['log']): Promise<void> {
  const replaces = replacesOf(uri);
  if (!replaces) return respond(res, log, 400, 'Bad Request - Replaces needs a call id, to-tag and from-tag');
  try {
    await attendedTransfer(call, replacedCall(call, replaces), {
      accepted: () => respond(res, log, 202, 'Accepted'),
      joined: () => notifyDone(dialog, log),
    });
  } catch (err) {
    if (!(err instanceof CallControlError)) throw err;
    log.info({ replaces: replaces.callId, status: err.status }, `REFER refused: ${err.message}`);
    respond(res, log, err.status === 404 ? 481 : 403, `${err.status === 404 ? 'Call/Transaction Does Not Exist' : 'Forbidden'} - ${err.message}`);
  }
}

/** The target the Refer-To's URI names, or the reason phrase of a refusal. */
async function targetOf(call: Call, uri: string): Promise<TransferTarget | string> {
  const user = /^sips?:([^@;?>]+)@/i.exec(uri)?.[1];
  if (!user) return 'Not Found - Refer-To names no user';
  const name = decodeURIComponent(user);
  if (/^[0-9]{2,10}$/.test(name) && (await call.deps.repos.agents.findByExtension(name))) return { kind: 'extension', value: name };
  const queues = await call.deps.repos.queues.list({ limit: 500 });
  const queue = queues.items.find((q) => q.name.toLowerCase() === name.toLowerCase());
  if (queue) return { kind: 'queue', id: queue.id };
  // A longer number (or one with +) that is no extension is an outside one: outbound routing and
  // the guard decide; a short unknown one is taken for a mistyped extension (404).
  if (/^(\+[0-9]{3,32}|[0-9]{7,32})$/.test(name)) return { kind: 'number', value: name };
  return `Not Found - no extension or queue ${name.slice(0, 40)}`;
}

function notifyDone(dialog: Srf.Dialog, log: Call['log']): void {
  // drachtio-srf's types declare a whole SrfRequest where it reads method, headers and body.
  const notify = {
    method: 'NOTIFY',
    headers: { Event: 'refer', 'Subscription-State': 'terminated;reason=noresource', 'Content-Type': 'message/sipfrag;version=2.0' },
    body: 'SIP/2.0 200 OK\r\n',
  } as unknown as Srf.SrfRequest;
  try {
    dialog.request(notify, (err: unknown) => {
      if (err) log.info({ err: String(err) }, 'the REFER\'s NOTIFY could not be sent');
    });
  } catch (err) {
    log.info({ err: String(err) }, 'the REFER\'s NOTIFY could not be sent');
  }
}
