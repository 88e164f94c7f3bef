// The call center's SIP application on drachtio-srf: the registrar, and the INVITE handler
// that identifies the caller (an IP-authenticated trunk, or a phone that passes a digest
// challenge), admits the call on its trunk, maps the dialed number to its destination and
// runs the call. A number we do not serve is an outbound call when an authenticated phone
// dials it (server/sip/outbound/, behind the toll-fraud guard), else 404: a trunk or an
// unauthenticated source never reaches the outbound path, so there is no open relay. The ACD's offers, overflows, announcements and queue facts are
// dispatched to the call they concern; each call is its own failure domain (call.ts).
// OPTIONS outside a dialog are the engine's to answer (200 with Allow, server/engine/core/
// unrouted-answer.ts): this app routes none, so keepalives cost it nothing and never disagree.
import type Srf from 'drachtio-srf';
import { installRegistrar, type Registrar } from '../registrar.js';
import { Call } from './call.js';
import type { CallCenterDeps } from './call-deps.js';
import { CallRecord } from './call-record.js';
import { answer } from './answer.js';
import { ringExtension } from './internal-call.js';
import type { Row } from '../../db/index.js';
import { identify, type CallSource } from './identify.js';
import { dialedNumber, numberCandidates } from './dialed-number.js';
import { respond } from './sip-safe.js';
import { refusalResponse } from '../trunk-limits.js';
import { refusedForPlainMedia } from './srtp-policy.js';
import { DrainGate, drainingRefusal } from '../drain-gate.js';

export type { CallCenterDeps, CallAdmission } from './call-deps.js';

export interface CallCenterApp {
  registrar: Registrar;
  /** Calls in progress by call id. */
  calls: ReadonlyMap<string, Call>;
  /** True once drain() began: new calls are refused (drain-gate.ts). */
  readonly draining: boolean;
  /**
   * Refuses new calls and waits up to `timeoutMs` for the calls in progress to end on their
   * own; resolves with how many are still up (close() then ends them).
   */
  drain(timeoutMs: number): Promise<number>;
  /** Stops the registrar's sweeper and ends every call in progress, records written. */
  close(): Promise<void>;
}

export function installCallCenter(appDeps: CallCenterDeps): CallCenterApp {
  const { srf, repos, acd, logger, realm } = appDeps;
  const registrar = installRegistrar(srf, { repos, logger, realm, ...(appDeps.nonceSecret ? { nonceSecret: appDeps.nonceSecret } : {}) });
  // A contact that proves dead while ringing goes the registrar's way, so the ACD hears of it.
  const calls = new Map<string, Call>();
  const deps: CallCenterDeps = { ...appDeps, unbindDead: registrar.unbindDead, calls };
  const gate = new DrainGate();

  async function onInvite(req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<void> {
    if (gate.draining) {
      respond(res, logger, drainingRefusal.status, drainingRefusal.reason, { headers: drainingRefusal.headers });
      return;
    }
    const source = await identify(deps, registrar, req, res);
    if (!source) return;
    if (refusedForPlainMedia(deps, source.trunk, req, res)) return;
    // Trunk admission (channel limits) is decided here, before anything is set up for the call.
    let release: (() => void) | undefined;
    if (source.trunk && deps.admission) {
      const admitted = deps.admission.admit(source.trunk);
      if (!admitted.ok) {
        const refusal = refusalResponse(admitted);
        respond(res, logger, refusal.status, refusal.reason, { headers: refusal.headers });
        return;
      }
      release = admitted.release;
    }
    try {
      await placeCall(req, res, source, (call) => { if (release) call.cleanups.push(release); release = undefined; });
    } finally {
      release?.();
    }
  }

  async function placeCall(req: Srf.SrfRequest, res: Srf.SrfResponse, source: CallSource, adopt: (call: Call) => void): Promise<void> {
    const from = /^(?:.*<)?sips?:([^@;>]+)@/i.exec(req.get('From'))?.[1] ?? 'anonymous';
    const dialed = dialedNumber(source.dialedUri ?? req.uri);
    let number;
    for (const candidate of dialed ? numberCandidates(dialed) : []) {
      number = await repos.numbers.findByE164(candidate);
      if (number) break;
    }
    const direction = source.internal ? 'internal' : 'inbound';
    if (!number && dialed && source.credentials) {
      const callee = /^[0-9]{2,10}$/.test(dialed) ? await repos.agents.findByExtension(dialed) : undefined;
      if (callee) return callExtension(req, res, source.credentials.agentId, callee, adopt);
    }
    if (!number && dialed && source.credentials && deps.outbound) {
      await deps.outbound.place(req, res, source.credentials, dialed);
      return;
    }
    if (!number) {
      // The attempt is still a call record: who tried which number, and why it failed — up to
      // the limiter's share per source, so a flood of them costs no database work.
      if (deps.unknownNumbers?.attempt(req.source_address, dialed ?? req.uri) === 'count') {
        respond(res, logger, 404, 'Not Found - unknown number');
        return;
      }
      const record = await CallRecord.open(repos, logger, { from, to: dialed ?? req.uri.slice(0, 64), trunkId: source.trunkId, direction });
      respond(res, logger, 404, 'Not Found - unknown number');
      await record.end('failed', 'system', '404 unknown number');
      logger.info({ callId: record.id, sipCallId: req.get('Call-ID'), to: dialed, from }, 'call to an unknown number rejected');
      return;
    }
    const record = await CallRecord.open(repos, logger, { from, to: number.e164, trunkId: source.trunkId, numberId: number.id, direction });
    await run(req, res, record, from, adopt, (call) => call.route(number.destination));
  }

  async function callExtension(req: Srf.SrfRequest, res: Srf.SrfResponse, callerAgentId: string, callee: Row<'agents'>, adopt: (call: Call) => void): Promise<void> {
    if (callee.id === callerAgentId) {
      respond(res, logger, 486, 'Busy Here - this is your own extension');
      return;
    }
    const caller = await repos.agents.get(callerAgentId);
    const from = caller?.extension ?? 'anonymous';
    const record = await CallRecord.open(repos, logger, { from, to: callee.extension ?? '', direction: 'internal', agentId: callerAgentId });
    await run(req, res, record, from, adopt, (call) => ringExtension(call, callerAgentId, callee));
  }

  /** A call of the center from its INVITE: known to the app until it ends, answered, then sent on. */
  async function run(req: Srf.SrfRequest, res: Srf.SrfResponse, record: CallRecord, from: string, adopt: (call: Call) => void, then: (call: Call) => Promise<void>): Promise<void> {
    const call = new Call(deps, record, { number: from, webrtc: /UDP\/TLS\/RTP\/SAVPF/.test(req.body), sipCallId: req.get('Call-ID') });
    calls.set(call.id, call);
    call.cleanups.push(() => calls.delete(call.id));
    adopt(call);
    await call.guard('answer', async () => {
      if (await answer(call, req, res)) await then(call);
    });
  }

  srf.invite((req: Srf.SrfRequest, res: Srf.SrfResponse) => {
    onInvite(req, res).catch((err: unknown) => {
      logger.error({ err: err instanceof Error ? err.stack : String(err), sipCallId: req.get('Call-ID') }, 'INVITE handling failed');
      respond(res, logger, 500, 'Server Internal Error');
    });
  });

  acd.on('offer', (e) => {
    const call = calls.get(e.callId);
    if (call) call.onOffer(e);
    else acd.noAnswer(e.callId, e.agentId, 'unreachable').catch(() => undefined);
  });
  acd.on('offer-cancelled', (e) => calls.get(e.callId)?.onOfferCancelled(e.agentId));
  acd.on('overflow', (e) => calls.get(e.callId)?.onOverflow(e));
  acd.on('announce', (e) => calls.get(e.callId)?.onAnnounce(e));
  acd.on('queue-fact', (f) => calls.get(f.callId)?.onQueueFact(f));
  deps.media.on('handler-error', (e) => logger.error({ callId: e.callId, err: String(e.error) }, 'media notification for a call failed'));

  return {
    registrar,
    calls,
    get draining() {
      return gate.draining;
    },
    async drain(timeoutMs) {
      gate.close();
      logger.info({ calls: calls.size, timeoutSeconds: Math.round(timeoutMs / 1000) }, 'draining: new calls are refused; waiting for the calls in progress to end');
      // A quarter-second look is plenty for a wait measured in minutes, and needs no hook in
      // every way a call can end.
      const until = Date.now() + timeoutMs;
      while (calls.size > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 250));
      logger.info({ callsLeft: calls.size }, calls.size === 0 ? 'drained: no call in progress' : 'drain time is up; the calls still in progress are ended');
      return calls.size;
    },
    async close() {
      registrar.close();
      await Promise.all([...calls.values()].map((call) => call.end('system', 'server shutting down')));
    },
  };
}
