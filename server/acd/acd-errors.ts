// Typed errors of the ACD. Each has a stable `code` so the API can map it to a JSON error
// and the SIP layer can decide (e.g. OfferNotFound after a late 200 OK: hang that leg up).
import type { AgentEvent, AgentState } from './agent-state.types.js';

export type AcdErrorCode = 'illegal-transition' | 'invalid-request' | 'unknown-queue' | 'unknown-agent' | 'unknown-call' | 'offer-not-found' | 'closed';

export class AcdError extends Error {
  constructor(readonly code: AcdErrorCode, message: string) {
    super(message);
    this.name = 'AcdError';
  }
}

export class IllegalTransitionError extends AcdError {
  constructor(
    readonly from: AgentState,
    readonly event: AgentEvent,
    /** `wrong-call`: the event names another call than the one the agent is busy with. */
    readonly why: 'not-allowed' | 'wrong-call',
  ) {
    super('illegal-transition', why === 'wrong-call'
      ? `agent is ${from.status} with another call than ${'callId' in event ? event.callId : '?'}`
      : `event ${event.type} is not allowed when the agent is ${from.status}`);
  }
}

export const invalidRequest = (message: string) => new AcdError('invalid-request', message);
export const unknownQueue = (queueId: string) => new AcdError('unknown-queue', `no queue ${queueId}`);
export const unknownAgent = (agentId: string) => new AcdError('unknown-agent', `no agent ${agentId}`);
export const unknownCall = (callId: string) => new AcdError('unknown-call', `call ${callId} is neither waiting nor connected through the ACD`);
export const offerNotFound = (callId: string, agentId: string) => new AcdError('offer-not-found', `call ${callId} is not being offered to agent ${agentId} (cancelled, timed out or answered elsewhere)`);
export const closed = () => new AcdError('closed', 'the ACD is shut down');
