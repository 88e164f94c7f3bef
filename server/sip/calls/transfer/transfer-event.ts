// The `transferred` event of a direct call (an internal call, a transferred-in caller): the ACD
// writes it for queue calls, with the queue and the talk time; a call it does not own gets it
// here, so every transfer — from whom, to what, by whom — is in the call's events.
import type { Call } from '../call.js';

export function recordTransferred(call: Call, agentId: string | null, data: Record<string, unknown>): void {
  call.deps.repos.callEvents.add({ call_id: call.id, event: 'transferred', queue_id: null, agent_id: agentId, data, at: new Date() })
    .catch((err: unknown) => call.log.warn({ err: String(err) }, 'the transferred event was not written'));
}
