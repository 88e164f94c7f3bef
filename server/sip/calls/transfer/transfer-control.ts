// The live-call API's way into transfers (server/api/routes/transfer.routes.ts): the call in
// progress that the asker may act on (call-control-error.ts), then the transfer itself.
import type { RecordScope } from '../../../db/record-search.js';
import type { Call } from '../call.js';
import { liveCall } from '../call-control-error.js';
import { blindTransfer } from './blind-transfer.js';
import type { TransferTarget, TransferView } from './transfer.types.js';

export interface TransferControl {
  blind(callId: string, target: TransferTarget, scope: RecordScope): Promise<TransferView>;
}

export function transferControl(calls: ReadonlyMap<string, Call>): TransferControl {
  return {
    async blind(callId, target, scope) {
      const call = liveCall(calls, callId, scope);
      await blindTransfer(call, target, scope.agentId ?? null);
      return { call_id: call.id, phase: call.phase.phase, target };
    },
  };
}
