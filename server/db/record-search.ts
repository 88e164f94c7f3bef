// What the record searches (calls, queue log, agent states, audit log) share: a time range, keyset
// pages newest first, and the role scope. Conditions are SQL fragments so that any of those
// queries can take them.
import { sql, type RawBuilder } from 'kysely';

export interface RecordScope {
  /** Only rows of these queues (an empty list matches nothing). */
  queueIds?: string[];
  /** Only rows of this agent. */
  agentId?: string;
}

export interface RecordPage {
  since?: Date;
  until?: Date;
  limit: number;
  /** The `next` of the previous page: the id of its last row. */
  after?: string;
}

/** Conditions for rows whose `column` lies in the range, scoped, and after the cursor row. */
export function recordConditions(table: 'calls' | 'call_events' | 'agent_state_events' | 'audit_log', column: 'started_at' | 'at', page: RecordPage, scope: RecordScope = {}): RawBuilder<boolean>[] {
  const time = sql.ref(column);
  const conditions: RawBuilder<boolean>[] = [];
  if (page.since) conditions.push(sql<boolean>`${time} >= ${page.since}`);
  if (page.until) conditions.push(sql<boolean>`${time} < ${page.until}`);
  if (scope.queueIds) conditions.push(scope.queueIds.length ? sql<boolean>`queue_id IN (${sql.join(scope.queueIds)})` : sql<boolean>`false`);
  if (scope.agentId) conditions.push(sql<boolean>`agent_id = ${scope.agentId}`);
  // Row comparison walks the (time, id) index from the cursor without an offset.
  if (page.after) conditions.push(sql<boolean>`(${time}, id) < (SELECT ${time}, id FROM ${sql.table(table)} WHERE id = ${page.after})`);
  return conditions;
}
