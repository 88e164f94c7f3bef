// Who may see which records: admins everything, supervisors the calls of the queues they
// supervise, agents their own calls. Asking explicitly for someone else's records is a 403;
// searches without such a filter are narrowed silently to what the caller may see.
import type { Row } from '../../db/database.types.js';
import { forbidden } from './api-error.js';
import type { Auth, RecordScope } from './auth.js';

export async function checkedScope(auth: Auth, asked: { queueId?: string; agentId?: string }): Promise<RecordScope> {
  const scope = await auth.scope();
  if (scope.agentId && asked.agentId && asked.agentId !== scope.agentId) throw forbidden('agents see their own calls only');
  if (scope.queueIds && asked.queueId && !scope.queueIds.includes(asked.queueId)) throw forbidden('you do not supervise this queue');
  return scope;
}

export async function mayReadCall(auth: Auth, call: Pick<Row<'calls'>, 'queue_id' | 'agent_id'>): Promise<boolean> {
  const scope = await auth.scope();
  if (scope.agentId) return call.agent_id === scope.agentId;
  if (scope.queueIds) return call.queue_id !== null && scope.queueIds.includes(call.queue_id);
  return true;
}
