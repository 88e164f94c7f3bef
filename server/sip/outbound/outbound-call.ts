// An agent's outbound call, from an authenticated INVITE to a number outside the center:
// E.164 normalisation (dial-plan.ts), the toll-fraud guard (toll-fraud-guard.ts), then the
// first matching route's trunks in order (route-plan.ts), each admitted on its channel limit
// and given the caller id policy allows; 5xx, 408 and a trunk that does not ring in time fail
// over to the next trunk, any other answer (404, 486…) is the callee's and goes back to the
// phone. The call is written to `calls` (direction outbound, the agent) with its two legs.
// The media is anchored in rtpengine and recorded (outbound-media.ts).
import type Srf from 'drachtio-srf';
import type { Logger } from 'pino';
import type { Repositories, Row } from '../../db/index.js';
import type { SipCredentials } from '../../db/agents.repository.js';
import type { CallAdmission } from '../calls/call-deps.js';
import { CallRecord } from '../calls/call-record.js';
import { hangUp, respond, watchErrors } from '../calls/sip-safe.js';
import { classify, toE164, type DialPlan } from './dial-plan.js';
import { dialString, isTrunkFailure, selectRoute } from './route-plan.js';
import type { TollFraudGuard } from './toll-fraud-guard.js';
import { attemptTrunk } from './trunk-attempt.js';
import type { TrunkUp } from './trunk-health.js';
import type { AcdService } from '../../acd/index.js';
import { resolveCallerId } from './caller-id.js';
import { isBrowserOffer, outboundMedia, type OutboundMedia } from './outbound-media.js';
import { saveRecordings } from '../calls/recording.js';
import type { MediaServer } from '../../../media/index.js';

export interface OutboundDeps {
  srf: Srf;
  repos: Repositories;
  logger: Logger;
  realm: string;
  plan: DialPlan;
  guard: TollFraudGuard;
  trunkUp: TrunkUp;
  admission?: CallAdmission;
  /** The agent is on a call (not offered queue calls) from dialing to hangup. */
  acd?: Pick<AcdService, 'directCall' | 'callEnded'>;
  /** Anchors and records the calls (a browser's ICE/DTLS meets the carrier's plain RTP); without it browsers get 488. */
  media?: MediaServer;
  /** A trunk that neither rings nor answers within this is given up for the next (default 8 s). */
  answerTimeoutMs?: number;
}

export async function placeOutbound(deps: OutboundDeps, req: Srf.SrfRequest, res: Srf.SrfResponse, caller: SipCredentials, dialed: string): Promise<void> {
  const sipCallId = req.get('Call-ID');
  const log = deps.logger.child({ sipCallId, agentId: caller.agentId });
  const refuse = (status: number, reason: string): void => respond(res, log, status, reason);
  const agent = await deps.repos.agents.get(caller.agentId);
  if (!agent) return refuse(403, 'Forbidden (unknown agent)');
  const e164 = toE164(dialed, deps.plan);
  if (!e164) return refuse(404, 'Not Found (not a telephone number)');
  if (isBrowserOffer(req.body) && !deps.media) return refuse(488, 'Not Acceptable Here (no media server for a browser\'s call)');
  const policy = { agentId: agent.id, classes: agent.outbound_classes, maxConcurrent: agent.outbound_max_concurrent, maxPerHour: agent.outbound_max_per_hour };
  const admitted = deps.guard.admit(policy, classify(e164, deps.plan), { to: e164, sipCallId, ip: req.source_address });
  if (!admitted.ok) return refuse(403, `Forbidden (${admitted.reason})`);
  const releases: (() => void)[] = [admitted.release];
  const releaseAll = (): void => releases.splice(0).forEach((release) => release());
  try {
    const route = selectRoute(await deps.repos.outboundRoutes.listEnabled(), e164);
    if (!route) {
      log.warn({ security: 'outbound', to: e164, reason: 'no outbound route' }, 'outbound call refused');
      return refuse(403, 'Forbidden (no outbound route for this number)');
    }
    await dialRoute(deps, req, res, agent, e164, route, releases, log);
  } finally {
    releaseAll();
  }
}

async function dialRoute(deps: OutboundDeps, req: Srf.SrfRequest, res: Srf.SrfResponse, agent: Row<'agents'>, e164: string, route: Row<'outbound_routes'>, releases: (() => void)[], log: Logger): Promise<void> {
  const record = await CallRecord.open(deps.repos, log, { from: agent.extension, to: e164, direction: 'outbound', agentId: agent.id });
  const agentLeg = record.legStarted('agent', { sipCallId: req.get('Call-ID'), agentId: agent.id, remoteUri: `sip:${agent.sip_username}@${deps.realm}` });
  let media: OutboundMedia | undefined;
  try {
    media = await outboundMedia(req.body, deps.media, record.id, log);
  } catch (err) {
    log.warn({ err: String(err) }, 'the browser\'s outbound media could not be anchored');
  }
  if (!media) {
    respond(res, log, 488, 'Not Acceptable Here (media could not be anchored)');
    record.legEnded(agentLeg, '488');
    await record.end('failed', 'system', '488 media could not be anchored');
    return;
  }
  const busy = await markBusy(deps, record.id, agent.id, log);
  try {
    await dialTrunks(deps, req, res, agent, e164, route, releases, log, record, agentLeg, media);
  } finally {
    await saveRecordings(deps.repos, record.id, await media.close()).catch((err: unknown) => log.warn({ err: String(err) }, 'recordings of the outbound call not indexed'));
    if (busy) await deps.acd?.callEnded(record.id).catch((err: unknown) => log.warn({ err: String(err) }, 'ACD did not take the end of the outbound call'));
  }
}

/**
 * True when the ACD now holds the agent on this call. A logged-out agent is not the ACD's to
 * track, and one already on a call (a second outbound call) stays as it is; the call goes on.
 */
async function markBusy(deps: OutboundDeps, callId: string, agentId: string, log: Logger): Promise<boolean> {
  if (!deps.acd) return false;
  try {
    const state = await deps.acd.directCall(callId, agentId);
    return state.status === 'on-call' && state.callId === callId;
  } catch (err) {
    log.info({ err: String(err) }, 'agent state left as it is for this outbound call');
    return false;
  }
}

async function dialTrunks(deps: OutboundDeps, req: Srf.SrfRequest, res: Srf.SrfResponse, agent: Row<'agents'>, e164: string, route: Row<'outbound_routes'>, releases: (() => void)[], log: Logger, record: CallRecord, agentLeg: string, media: OutboundMedia): Promise<void> {
  const cancelled = new AbortController();
  req.on('cancel', () => cancelled.abort());
  let last = { status: 403, reason: 'Forbidden (no trunk of the route may take the call)' };
  for (const trunkId of route.trunk_ids) {
    if (cancelled.signal.aborted) break;
    const trunk = await deps.repos.trunks.get(trunkId);
    const target = trunk?.outbound_uri ?? undefined;
    if (!trunk?.enabled || !target || !deps.trunkUp(trunk.id)) {
      log.info({ trunkId, route: route.name }, 'trunk skipped: disabled, down or without outbound_uri');
      continue;
    }
    const callerId = await resolveCallerId(deps.repos, agent, trunk);
    if (!callerId) {
      log.warn({ security: 'outbound', trunkId, to: e164, reason: 'no caller id the center owns' }, 'trunk skipped');
      continue;
    }
    const channel = deps.admission?.admit(trunk) ?? { ok: true as const, release: () => undefined };
    if (!channel.ok) {
      log.info({ trunkId, reason: channel.reason }, 'trunk skipped: at its limits');
      last = { status: 503, reason: `Service Unavailable (${channel.reason})` };
      continue;
    }
    releases.push(channel.release);
    const leg = record.legStarted('outbound', { remoteUri: target });
    const result = await attemptTrunk(deps.srf, { outbound_uri: target, outbound_proxy: trunk.outbound_proxy }, {
      sdp: media.offer, user: dialString(route, e164), callerId, realm: deps.realm,
      answerTimeoutMs: deps.answerTimeoutMs ?? 8000, signal: cancelled.signal,
      onRinging: (status) => { if (!res.finalResponseSent) res.send(status); },
    });
    if (result.kind === 'answered') return connect(deps, req, res, record, { agentLeg, trunkLeg: leg, agentId: agent.id }, result.dialog, log, media);
    record.legEnded(leg, `${result.status} ${result.why}`);
    channel.release();
    log.info({ trunkId, status: result.status, why: result.why }, 'outbound attempt failed');
    if (result.status === 487) break;
    last = { status: result.status, reason: result.why };
    if (!isTrunkFailure(result.status)) break;
    last = { status: 503, reason: `Service Unavailable (every trunk failed; last ${result.status})` };
  }
  const finalStatus = cancelled.signal.aborted ? 487 : last.status;
  respond(res, log, finalStatus, cancelled.signal.aborted ? 'Request Terminated' : last.reason);
  record.legEnded(agentLeg, String(finalStatus));
  await record.end(cancelled.signal.aborted ? 'abandoned' : finalStatus === 486 ? 'busy' : 'failed', cancelled.signal.aborted ? 'caller' : 'callee', `${finalStatus} ${last.reason}`);
}

async function connect(deps: OutboundDeps, req: Srf.SrfRequest, res: Srf.SrfResponse, record: CallRecord, legs: { agentLeg: string; trunkLeg: string; agentId: string }, uac: Srf.Dialog, log: Logger, media: OutboundMedia): Promise<void> {
  let uas: Srf.Dialog;
  try {
    uas = await deps.srf.createUAS(req, res, { localSdp: await media.answer(uac.remote.sdp) });
  } catch (err) {
    log.info({ err: String(err) }, 'the phone left before the answer reached it');
    hangUp(uac, log);
    record.legEnded(legs.trunkLeg, 'caller gone');
    record.legEnded(legs.agentLeg, 'caller gone');
    await record.end('abandoned', 'caller', 'phone left before the answer');
    return;
  }
  watchErrors(uas, log);
  watchErrors(uac, log);
  record.legAnswered(legs.agentLeg, { sipCallId: uas.sip.callId, remoteUri: `sip:${req.source_address}:${req.source_port}` });
  record.legAnswered(legs.trunkLeg, { sipCallId: uac.sip.callId, remoteUri: uac.remote.uri });
  await record.answered(legs.agentId);
  log.info({ trunkSipCallId: uac.sip.callId, callId: record.id }, 'outbound call connected');
  await new Promise<void>((resolve) => {
    const end = (side: 'caller' | 'callee', other: Srf.Dialog): void => {
      hangUp(other, log);
      record.legEnded(legs.agentLeg, side === 'caller' ? 'agent hung up' : 'BYE');
      record.legEnded(legs.trunkLeg, side === 'callee' ? 'callee hung up' : 'BYE');
      void record.end('answered', side, side === 'caller' ? 'agent hung up' : 'callee hung up').then(resolve);
    };
    uas.once('destroy', () => end('caller', uac));
    uac.once('destroy', () => end('callee', uas));
  });
}
