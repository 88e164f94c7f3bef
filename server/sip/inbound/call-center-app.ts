// The call center's SIP application on drachtio-srf: the registrar, and the INVITE handler
// that identifies the caller (an IP-authenticated trunk, or a phone that passes a digest
// challenge), maps the dialed number to its destination and runs the call. Numbers we do not
// serve get 404 — there is no outbound dialing here, so no route to toll fraud. The ACD's
// offers and overflows are dispatched to the call they concern.
import type Srf from 'drachtio-srf';
import { installRegistrar, type Registrar } from '../registrar.js';
import { CallRecord } from './call-record.js';
import { InboundCall, type CallCenterDeps } from './inbound-call.js';
import { matchTrunk } from './trunk-match.js';
import { dialedNumber, numberCandidates } from './dialed-number.js';

export interface CallCenterApp {
  registrar: Registrar;
  /** Calls in progress by call id. */
  calls: ReadonlyMap<string, InboundCall>;
  /** Stops the registrar's sweeper and ends every call in progress, records written. */
  close(): Promise<void>;
}

export function installCallCenter(deps: CallCenterDeps): CallCenterApp {
  const { srf, repos, acd, logger, realm } = deps;
  const registrar = installRegistrar(srf, { repos, logger, realm });
  const calls = new Map<string, InboundCall>();

  async function identify(req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<{ trunkId: string | null; internal: boolean } | undefined> {
    const ip = req.source_address;
    const trunk = matchTrunk(await repos.trunks.listEnabled(), ip);
    if (trunk) return { trunkId: trunk.id, internal: false };
    if (registrar.guard.isBlocked(ip)) return undefined;
    if (registrar.guard.isScanner(req.get('User-Agent'))) {
      registrar.guard.fail(ip, '', 'scanner-user-agent');
      res.send(403, 'Forbidden', {});
      return undefined;
    }
    const auth = await registrar.authenticator.authenticate({ method: 'INVITE', uri: req.uri, authorization: req.get('Proxy-Authorization'), sourceAddress: ip });
    if (auth.kind === 'challenge') res.send(407, 'Proxy Authentication Required', { headers: { 'Proxy-Authenticate': auth.wwwAuthenticate } });
    else if (auth.kind === 'forbidden') res.send(403, 'Forbidden', {});
    else return { trunkId: null, internal: true };
    return undefined;
  }

  async function onInvite(req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<void> {
    const source = await identify(req, res);
    if (!source) return;
    const from = /^(?:.*<)?sips?:([^@;>]+)@/i.exec(req.get('From'))?.[1] ?? 'anonymous';
    const dialed = dialedNumber(req.uri);
    let number;
    for (const candidate of dialed ? numberCandidates(dialed) : []) {
      number = await repos.numbers.findByE164(candidate);
      if (number) break;
    }
    if (!number) {
      // The attempt is still a call record: who tried which number, and why it failed.
      const record = await CallRecord.open(repos, { from, to: dialed ?? req.uri.slice(0, 64), trunkId: source.trunkId, direction: source.internal ? 'internal' : 'inbound' });
      res.send(404, 'Not Found - unknown number', {});
      await record.end('failed', 'system', '404 unknown number');
      logger.info({ callId: record.id, to: dialed, from }, 'call to an unknown number rejected');
      return;
    }
    const record = await CallRecord.open(repos, { from, to: number.e164, trunkId: source.trunkId, numberId: number.id, direction: source.internal ? 'internal' : 'inbound' });
    const call = new InboundCall(deps, record, { number: from, webrtc: /UDP\/TLS\/RTP\/SAVPF/.test(req.body) }, (c) => calls.delete(c.id));
    calls.set(call.id, call);
    if (await call.answer(req, res)) await call.route(number.destination);
  }

  srf.invite((req: Srf.SrfRequest, res: Srf.SrfResponse) => {
    onInvite(req, res).catch((err: unknown) => {
      logger.error({ err: err instanceof Error ? err.stack : String(err), sipCallId: req.get('Call-ID') }, 'INVITE handling failed');
      if (!res.finalResponseSent) res.send(500, 'Server Internal Error', {});
    });
  });

  acd.on('offer', (e) => {
    const call = calls.get(e.callId);
    if (call) void call.offer(e);
    else void acd.noAnswer(e.callId, e.agentId, 'unreachable').catch(() => undefined);
  });
  acd.on('offer-cancelled', (e) => calls.get(e.callId)?.cancelOffer(e.agentId));
  acd.on('overflow', (e) => void calls.get(e.callId)?.overflow(e.destination));
  // A media server died under these calls: end them with the reason; new calls go to the others.
  deps.media.on('instance-down', (e) => {
    for (const id of e.callIds) void calls.get(id)?.end('system', `media server ${e.instance} failed: ${e.reason}`, 'failed');
  });

  return {
    registrar,
    calls,
    async close() {
      registrar.close();
      await Promise.all([...calls.values()].map((call) => call.end('system', 'server shutting down')));
    },
  };
}
