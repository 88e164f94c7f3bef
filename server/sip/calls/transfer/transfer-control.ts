// The live-call API's way into transfers (server/api/routes/transfer.routes.ts): the call in
// progress that the asker may act on (call-control-error.ts), then the transfer itself —
// blind (blind-transfer.ts) or by consult (consult.ts: start, complete, cancel, conference).
import type { RecordScope } from '../../../db/record-search.js';
import type { Call } from '../call.js';
import { CallControlError, liveCall } from '../call-control-error.js';
import type { ConferenceTarget } from '../conference/conference.types.js';
import { blindTransfer } from './blind-transfer.js';
import { Consult } from './consult.js';
import type { ConsultView, TransferTarget, TransferView } from './transfer.types.js';

export type ConsultAction = 'complete' | 'cancel' | 'conference';

export interface TransferControl {
  blind(callId: string, target: TransferTarget, scope: RecordScope): Promise<TransferView>;
  consult(callId: string, target: ConferenceTarget, scope: RecordScope): Promise<ConsultView>;
  consultAction(callId: string, action: ConsultAction, scope: RecordScope): Promise<ConsultView>;
  consultView(callId: string, scope: RecordScope): ConsultView;
}

export function transferControl(calls: ReadonlyMap<string, Call>): TransferControl {
  const consultOf = (callId: string, scope: RecordScope): Consult => {
    const consult = liveCall(calls, callId, scope).consult;
    if (!consult) throw new CallControlError(409, 'this call has no consult in progress');
    return consult;
  };
  return {
    async blind(callId, target, scope) {
      const call = liveCall(calls, callId, scope);
      await blindTransfer(call, target, scope.agentId ?? null);
      return { call_id: call.id, phase: call.phase.phase, target };
    },
    async consult(callId, target, scope) {
      const call = liveCall(calls, callId, scope);
      return (await Consult.start(call, target, scope.agentId ?? null)).view();
    },
    async consultAction(callId, action, scope) {
      const consult = consultOf(callId, scope);
      if (action === 'complete') return consult.complete();
      if (action === 'cancel') return consult.cancel();
      return consult.conferenceAll();
    },
    consultView: (callId, scope) => consultOf(callId, scope).view(),
  };
}
