// The live-call API's shared ground (conference/, transfer/): the error a bad request becomes
// (the API answers its status; a field it names is reported as body.<field>), and the lookup
// of a call in progress with the asker's right to act on it — an agent on a call they are
// connected to, a supervisor on calls of their queues, an admin on all.
import type { RecordScope } from '../../db/record-search.js';
import type { Call } from './call.js';

export class CallControlError extends Error {
  constructor(readonly status: 400 | 403 | 404 | 409 | 503, message: string, readonly field?: string) {
    super(message);
  }
}

export function liveCall(calls: ReadonlyMap<string, Call>, callId: string, scope: RecordScope): Call {
  const call = calls.get(callId);
  if (!call) throw new CallControlError(404, 'call not found (or not in progress)');
  // An agent acts on a call it has, is in the conference of, or is being offered (its screen-pop while ringing).
  if (scope.agentId && call.agentId !== scope.agentId && !call.conference?.hasAgent(scope.agentId) && !call.offers.has(scope.agentId)) throw new CallControlError(403, 'you are not connected to this call');
  const queueId = call.queueOutcome?.queueId ?? call.record.row.queue_id;
  if (scope.queueIds && !(queueId && scope.queueIds.includes(queueId))) throw new CallControlError(403, 'this call is not in a queue you supervise');
  return call;
}
