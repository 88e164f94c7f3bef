// Who a conference target is and how to ring it, decided before anything rings so that a bad
// target is a clear 400/403/409 on the API: an agent (by id or extension) is rung on every
// phone it has registered, as the ACD's offers are (call-user.ts); a number goes through the
// center's dial plan, the toll-fraud guard as the acting agent, and the first matching
// outbound route's trunks in order with failover on trunk failures (server/sip/outbound).
import type Srf from 'drachtio-srf';
import type { MediaEncryption } from '../../../../media/index.js';
import type { Call } from '../call.js';
import { callUser } from '../../call-user.js';
import { classify, toE164 } from '../../outbound/dial-plan.js';
import { dialString, isTrunkFailure, selectRoute } from '../../outbound/route-plan.js';
import { attemptTrunk } from '../../outbound/trunk-attempt.js';
import { resolveCallerId } from '../../outbound/caller-id.js';
import { CallControlError } from '../call-control-error.js';
import type { ConferenceTarget, PartyRole } from './conference.types.js';

export interface RungTarget {
  role: PartyRole;
  agentId: string | null;
  address: string;
  media: { webrtc: boolean; encryption?: MediaEncryption };
  /** Sends the INVITE(s) with our SDP; resolves with the answering dialog. */
  dial(localSdp: string, signal: AbortSignal): Promise<Srf.Dialog>;
  /** Frees what admitting the party held (toll-fraud slot, trunk channel); idempotent. */
  release(): void;
}

const RING_SECONDS = 30;

/**
 * `headers` go on the agent's INVITE besides the call's own: X-Switchboard-Monitor marks a
 * supervisor's monitoring, which their softphone answers at once and keeps off their desk.
 */
export async function ringTarget(call: Call, target: ConferenceTarget, who: { actingAgentId: string | null; excludeAgents: string[] }, headers: Record<string, string> = {}): Promise<RungTarget> {
  if (target.kind === 'number') return numberTarget(call, target.value, who.actingAgentId);
  const { repos, realm } = call.deps;
  const agent = target.kind === 'agent' ? await repos.agents.get(target.id) : await repos.agents.findByExtension(target.value);
  if (!agent) throw new CallControlError(400, target.kind === 'agent' ? 'no such agent' : 'no agent has this extension', target.kind === 'agent' ? 'target.id' : 'target.value');
  if (who.excludeAgents.includes(agent.id)) throw new CallControlError(409, 'this agent is in the conference already');
  const aor = `sip:${agent.sip_username}@${realm}`;
  const contacts = await repos.registrations.live(aor);
  if (contacts.length === 0) throw new CallControlError(409, 'this agent has no registered phone');
  const webrtc = contacts.some((c) => c.transport === 'ws' || c.transport === 'wss');
  return {
    role: 'agent', agentId: agent.id, address: aor, media: { webrtc, encryption: agent.media_encryption },
    release: () => undefined,
    async dial(localSdp, signal) {
      const { dialog } = await callUser(call.deps.srf, repos.registrations, aor, {
        localSdp, ringTimeoutSec: RING_SECONDS, logger: call.log, signal,
        headers: { ...headers, From: `<sip:${call.caller.number}@${realm}>`, 'X-Switchboard-Call': call.id },
        ...(call.deps.unbindDead ? { unbind: call.deps.unbindDead } : {}),
      });
      return dialog;
    },
  };
}

async function numberTarget(call: Call, dialed: string, actingAgentId: string | null): Promise<RungTarget> {
  const { repos, outbound } = call.deps;
  if (!outbound) throw new CallControlError(503, 'outbound calling is not available in this center');
  if (!actingAgentId) throw new CallControlError(403, 'an outside number is called as an agent: this call has none');
  const agent = await repos.agents.get(actingAgentId);
  if (!agent) throw new CallControlError(403, 'the acting agent is unknown');
  const e164 = toE164(dialed, outbound.plan);
  if (!e164) throw new CallControlError(400, 'not a telephone number', 'target.value');
  const policy = { agentId: agent.id, classes: agent.outbound_classes, maxConcurrent: agent.outbound_max_concurrent, maxPerHour: agent.outbound_max_per_hour };
  const admitted = outbound.guard.admit(policy, classify(e164, outbound.plan), { to: e164, sipCallId: call.caller.sipCallId });
  if (!admitted.ok) throw new CallControlError(403, admitted.reason);
  const route = selectRoute(await repos.outboundRoutes.listEnabled(), e164);
  if (!route) {
    admitted.release();
    call.log.warn({ security: 'outbound', to: e164, reason: 'no outbound route' }, 'conference: outside party refused');
    throw new CallControlError(403, 'no outbound route for this number');
  }
  const releases = [admitted.release];
  return {
    role: 'outside', agentId: null, address: e164, media: { webrtc: false },
    release: () => releases.splice(0).forEach((r) => r()),
    async dial(localSdp, signal) {
      let last = 'no trunk of the route may take the call';
      for (const trunkId of route.trunk_ids) {
        if (signal.aborted) break;
        const trunk = await repos.trunks.get(trunkId);
        const uri = trunk?.outbound_uri;
        if (!trunk?.enabled || !uri) continue;
        const callerId = await resolveCallerId(repos, agent, trunk);
        if (!callerId) continue;
        const channel = call.deps.admission?.admit(trunk) ?? { ok: true as const, release: () => undefined };
        if (!channel.ok) continue;
        releases.push(channel.release);
        const result = await attemptTrunk(call.deps.srf, { outbound_uri: uri, outbound_proxy: trunk.outbound_proxy }, {
          sdp: localSdp, user: dialString(route, e164), callerId, realm: call.deps.realm, answerTimeoutMs: 8000, signal, onRinging: () => undefined,
        });
        if (result.kind === 'answered') return result.dialog;
        channel.release();
        last = `${result.status} ${result.why}`;
        if (!isTrunkFailure(result.status)) break;
      }
      throw new Error(`the number did not answer (${last})`);
    },
  };
}
