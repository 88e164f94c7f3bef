// Ringing agents: the ACD's offers (ring every phone the agent has registered; answer claims
// the call, a failure reports why) and destinations that name one agent directly. Each agent
// rung is a call_legs row. An agent with no live contact is reported `unreachable` at once:
// the ACD moves on to the next agent and the caller keeps its place, no ring time lost. A
// phone that forwards (3xx) is the agent passing this call on, never `unreachable`: a queue
// call goes to the next agent, a call to the agent directly follows the forward when it names
// one of our agents (agent-forward.ts).
import type Srf from 'drachtio-srf';
import type { NoAnswerReason, OfferEvent } from '../../acd/index.js';
import { callUser, CallUserError } from '../call-user.js';
import { forwardTarget, type ForwardTarget } from './agent-forward.js';
import type { Call } from './call.js';
import { connect } from './bridge.js';
import { varsHeader, VARS_HEADER } from './screen-pop.js';
import { hangUp } from './sip-safe.js';
import { logAgentMediaRefusal } from './srtp-policy.js';
import { agentOfferHeaders } from './session-timer.js';

type Rung = { kind: 'answered'; dialog: Srf.Dialog; webrtc: boolean; legId: string } | { kind: 'failed'; reason: NoAnswerReason; cancelled: boolean; forwardTo?: ForwardTarget | null };

/** Forwards followed for one direct call before it is given up (a loop between two phones). */
const MAX_FORWARDS = 3;

/**
 * The ACD offers the call to an agent. Our ring timeout runs a little past the queue's so
 * that the ACD's timer decides a ring-no-answer.
 */
export async function offer(call: Call, e: OfferEvent): Promise<void> {
  const result = await ring(call, e.agentId, e.ringTimeoutSeconds + 2);
  if (result.kind === 'failed') {
    if (!result.cancelled && call.is('queued')) await call.deps.acd.noAnswer(call.id, e.agentId, result.reason).catch((err: unknown) => call.log.info({ err: String(err) }, 'the offer had ended already'));
    return;
  }
  if (!call.is('queued')) return dropLate(call, result, 'the call left the queue');
  try {
    // Claim the call at the 200 OK: the offer may have ended (timeout, another agent) meanwhile.
    await call.deps.acd.answered(call.id, e.agentId);
  } catch (err) {
    return dropLate(call, result, `late answer: ${String(err)}`);
  }
  await connect(call, e.agentId, result.dialog, result.webrtc, result.legId);
}

export function cancelOffer(call: Call, agentId: string): void {
  call.offers.get(agentId)?.abort();
}

/** `onNoAnswer`: what a transfer does when its target does not answer (instead of ending the call). */
export async function ringAgentDirectly(call: Call, first: string, onNoAnswer?: (reason: string) => Promise<void>): Promise<void> {
  if (!call.fire({ type: 'ring-agent', agentId: first })) return;
  let agentId = first;
  let result = await ring(call, agentId, 30);
  for (let hops = 0; result.kind === 'failed' && result.forwardTo && hops < MAX_FORWARDS && call.is('ringing-agent'); hops++) {
    agentId = result.forwardTo.agentId;
    result = await ring(call, agentId, 30);
  }
  if (result.kind === 'failed') {
    if (onNoAnswer && call.fire({ type: 'no-answer' })) {
      call.log.info({ agentId, reason: result.reason }, 'the transfer target did not answer');
      return onNoAnswer(result.reason);
    }
    const disposition = result.reason === 'busy' ? 'busy' : result.reason === 'unreachable' ? 'no-agent' : 'no-answer';
    return call.end('system', `agent did not answer (${result.reason})`, disposition);
  }
  if (!call.is('ringing-agent')) return dropLate(call, result, 'the call ended while the agent answered');
  await call.deps.acd.directCall(call.id, agentId).catch((err: unknown) => call.log.warn({ err: String(err) }, 'ACD did not take the direct call'));
  await connect(call, agentId, result.dialog, result.webrtc, result.legId);
}

function dropLate(call: Call, answered: Rung & { kind: 'answered' }, why: string): void {
  call.log.info({ why }, 'agent answered too late; hung up');
  call.record.legEnded(answered.legId, why);
  hangUp(answered.dialog, call.log);
}

async function ring(call: Call, agentId: string, timeoutSec: number): Promise<Rung> {
  const { repos, realm, media, srf } = call.deps;
  const offer = new AbortController();
  call.offers.set(agentId, offer);
  let legId: string | undefined;
  let agent: Awaited<ReturnType<typeof repos.agents.get>>;
  let webrtc = false;
  try {
    agent = await repos.agents.get(agentId);
    const aor = agent ? `sip:${agent.sip_username}@${realm}` : '';
    const contacts = agent ? await repos.registrations.live(aor) : [];
    if (contacts.length === 0) return { kind: 'failed', reason: 'unreachable', cancelled: offer.signal.aborted };
    legId = call.record.legStarted('agent', { agentId, remoteUri: aor });
    // One offer goes to every contact: a browser among them decides the SDP flavour.
    webrtc = contacts.some((c) => c.transport === 'ws' || c.transport === 'wss');
    const localSdp = await media.offerToAgent(call.id, { webrtc, encryption: agent?.media_encryption });
    const contact = await repos.contacts.findByPhoneNumber(call.caller.number);
    const display = contact ? `"${contact.name.replace(/["\\]/g, '')}" ` : '';
    const vars = varsHeader(call.variables);
    const { dialog, contact: answeredBy } = await callUser(srf, repos.registrations, aor, {
      localSdp, ringTimeoutSec: timeoutSec, logger: call.log,
      headers: { ...agentOfferHeaders(call), From: `${display}<sip:${call.caller.number}@${realm}>`, 'X-Switchboard-Call': call.id, ...(vars ? { [VARS_HEADER]: vars } : {}) },
      signal: offer.signal,
      ...(call.deps.unbindDead ? { unbind: call.deps.unbindDead } : {}),
    });
    call.record.legAnswered(legId, { sipCallId: dialog.sip.callId, remoteUri: answeredBy.contact });
    return { kind: 'answered', dialog, webrtc, legId };
  } catch (err) {
    const status = err instanceof CallUserError ? err.status : 0;
    if (legId) call.record.legEnded(legId, status ? `${status}` : String(err));
    if (status >= 300 && status < 400) {
      const contact = err instanceof CallUserError ? err.contact : undefined;
      const to = await forwardTarget(repos, realm, contact);
      call.log.info({ agentId, status, forwardedTo: contact ?? null, ourAgent: to?.username ?? null }, `agent's phone forwarded the call to ${contact ?? '(no Contact)'}${to ? ` (agent ${to.username})` : ' (not one of ours: taken as declined)'}`);
      return { kind: 'failed', reason: 'forwarded', cancelled: offer.signal.aborted, forwardTo: to?.agentId === agentId ? null : to };
    }
    call.log.info({ agentId, status, err: String(err) }, 'agent did not answer');
    if (status === 488 && agent) logAgentMediaRefusal(call.log, agent, webrtc);
    return { kind: 'failed', reason: noAnswerReason(status), cancelled: offer.signal.aborted };
  } finally {
    call.offers.delete(agentId);
  }
}

/** 486/600 busy and 603 decline are the agent's answer; anything else means the phone could not be had. */
function noAnswerReason(status: number): NoAnswerReason {
  if (status === 486 || status === 600) return 'busy';
  if (status === 603) return 'rejected';
  return 'unreachable';
}
