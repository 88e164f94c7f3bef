// SIP INFO digits from the caller's dialog (desk phones set to "DTMF via SIP INFO"):
// `application/dtmf-relay` (Signal=5, Duration=160) and `application/dtmf` (the digit alone)
// are fed to the media server as this call's digits, so the IVR hears them like RFC 4733. An
// INFO that is not DTMF gets 200 when empty (a keepalive) and 415 otherwise. Once the caller
// talks to an agent, the digit is also relayed to the agent's phone as the same INFO (as
// Asterisk's and FreeSWITCH's SIP INFO passthrough do): desk phones and sip.js show or play
// it; RFC 4733 digits need no relay, rtpengine forwards them in the RTP.
import type Srf from 'drachtio-srf';
import type { Call } from './call.js';
import { CALLER } from './call-deps.js';
import { respond } from './sip-safe.js';

const DIGIT = /^[0-9*#A-D]$/i;

/** The digit an INFO body carries, or undefined. */
export function infoDigit(contentType: string, body: string): string | undefined {
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  let value: string | undefined;
  if (type === 'application/dtmf-relay') value = /^\s*signal\s*=\s*(\S+)\s*$/im.exec(body)?.[1];
  else if (type === 'application/dtmf') value = body.trim();
  if (value === '10') value = '*';
  if (value === '11') value = '#';
  return value && DIGIT.test(value) ? value.toUpperCase() : undefined;
}

export function onInfo(call: Call, req: Srf.SrfRequest, res: Srf.SrfResponse): void {
  const contentType = req.get('Content-Type') ?? '';
  const body = req.body ?? '';
  const digit = infoDigit(contentType, body);
  if (digit === undefined) {
    if (body.trim() === '') respond(res, call.log, 200);
    else respond(res, call.log, 415, 'Unsupported Media Type', { headers: { Accept: 'application/dtmf-relay, application/dtmf' } });
    return;
  }
  respond(res, call.log, 200);
  call.deps.media.reportInfoDigit(call.id, CALLER, digit);
  relayToAgent(call, contentType, body, digit);
}

function relayToAgent(call: Call, contentType: string, body: string, digit: string): void {
  const dialog = call.agentDialog;
  if (!dialog || !call.is('connected')) return;
  const failed = (err: unknown): void => call.log.info({ digit, err: String(err) }, 'INFO digit could not be relayed to the agent');
  try {
    // drachtio-srf's types declare a whole SrfRequest where it reads method, headers and body.
    const info = { method: 'INFO', headers: { 'Content-Type': contentType }, body } as unknown as Srf.SrfRequest;
    dialog.request(info, (err: unknown, res: Srf.SrfResponse) => {
      if (err) failed(err);
      else if (res.status >= 300) failed(`agent answered ${res.status}`);
    });
  } catch (err) {
    failed(err);
  }
}
