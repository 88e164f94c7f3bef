// What the agent's desktop reads of a call it is offered or has (the screen-pop): the caller
// and their contact, the queue and how long they waited, the IVR path and variables (an
// account number a `gather` collected), and the caller's last calls with their wrap-up codes
// and notes. An offered agent may read it while the phone rings (before anything is answered).
import type { Repositories } from '../../db/index.js';
import type { RecordScope } from '../../db/record-search.js';
import type { Call } from './call.js';
import { liveCall } from './call-control-error.js';
import { fillScript } from './agent-script.js';

export interface ScreenPop {
  call_id: string;
  caller: { number: string; contact_id: string | null; name: string | null; company: string | null; contact_notes: string | null };
  queue: { id: string; name: string; wrap_up_codes: string[]; wrap_up_code_required: boolean } | null;
  wait_seconds: number | null;
  ivr_path: string[];
  variables: Record<string, string>;
  /** The queue's script with this call's values filled in (markdown), or null. */
  script: string | null;
  history: { call_id: string; started_at: string; queue: string | null; agent_id: string | null; disposition: string | null; wrap_up_code: string | null; notes: string | null }[];
}

export interface AgentDesk {
  screenPop(callId: string, scope: RecordScope): Promise<ScreenPop>;
  /** The call is in progress and offered to or connected with this agent. */
  handles(callId: string, agentId: string): boolean;
}

const HISTORY = 5;

export function agentDesk(calls: ReadonlyMap<string, Call>, repos: Repositories): AgentDesk {
  return {
    async screenPop(callId, scope) {
      const call = liveCall(calls, callId, scope);
      const row = call.record.row;
      const queueId = call.queueOutcome?.queueId ?? row.queue_id;
      const [queue, contact, past] = await Promise.all([
        queueId ? repos.queues.get(queueId) : undefined,
        repos.contacts.findByPhoneNumber(call.caller.number),
        repos.calls.search({ number: call.caller.number, limit: HISTORY + 1 }),
      ]);
      const names = new Map<string, string>();
      for (const id of new Set(past.items.map((c) => c.queue_id).filter((q): q is string => q !== null))) names.set(id, (await repos.queues.get(id))?.name ?? '');
      const entered = row.queue_entered_at ? new Date(row.queue_entered_at).getTime() : null;
      return {
        call_id: call.id,
        caller: { number: call.caller.number, contact_id: contact?.id ?? null, name: contact?.name ?? null, company: contact?.company || null, contact_notes: contact?.notes || null },
        queue: queue ? { id: queue.id, name: queue.name, wrap_up_codes: queue.wrap_up_codes, wrap_up_code_required: queue.wrap_up_code_required } : null,
        wait_seconds: entered === null ? null : Math.max(0, Math.round(((row.queue_left_at ? new Date(row.queue_left_at).getTime() : Date.now()) - entered) / 1000)),
        ivr_path: row.ivr_path,
        variables: call.variables,
        script: queue?.script ? fillScript(queue.script, { caller: { number: call.caller.number, name: contact?.name ?? null, company: contact?.company || null }, queue: queue.name, variables: call.variables }) : null,
        history: past.items.filter((c) => c.id !== call.id).slice(0, HISTORY).map((c) => ({
          call_id: c.id, started_at: new Date(c.started_at).toISOString(), queue: c.queue_id ? (names.get(c.queue_id) ?? null) : null,
          agent_id: c.agent_id, disposition: c.disposition, wrap_up_code: c.wrap_up_code, notes: c.notes,
        })),
      };
    },
    handles(callId, agentId) {
      const call = calls.get(callId);
      return !!call && (call.agentId === agentId || call.offers.has(agentId) || !!call.conference?.hasAgent(agentId));
    },
  };
}
