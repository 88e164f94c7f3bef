// The queue log: one row per thing that happened to a call in a queue (entered, offered,
// answered, abandoned, transferred, …), appended by the ACD, read by reports.
import { sql, type Kysely } from 'kysely';
import { pageOf, type Page } from './crud-repository.js';
import type { CallEventName, Database, NewRow, Row } from './database.types.js';

export interface CallEventSearch {
  callId?: string;
  queueId?: string;
  agentId?: string;
  event?: CallEventName;
  since?: Date;
  until?: Date;
  scope?: { queueIds?: string[]; agentId?: string };
  limit: number;
  after?: string;
}

export function callEventsRepository(db: Kysely<Database>) {
  return {
    async add(event: NewRow<'call_events'>): Promise<Row<'call_events'>> {
      return db.insertInto('call_events').values(event).returningAll().executeTakeFirstOrThrow();
    },
    async search(s: CallEventSearch): Promise<Page<Row<'call_events'>>> {
      let q = db.selectFrom('call_events').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(s.limit + 1);
      if (s.callId) q = q.where('call_id', '=', s.callId);
      if (s.queueId) q = q.where('queue_id', '=', s.queueId);
      if (s.agentId) q = q.where('agent_id', '=', s.agentId);
      if (s.event) q = q.where('event', '=', s.event);
      if (s.since) q = q.where('at', '>=', s.since);
      if (s.until) q = q.where('at', '<', s.until);
      const queueIds = s.scope?.queueIds;
      if (queueIds) q = queueIds.length ? q.where('queue_id', 'in', queueIds) : q.where(sql<boolean>`false`);
      if (s.scope?.agentId) q = q.where('agent_id', '=', s.scope.agentId);
      if (s.after) q = q.where(sql<boolean>`(at, id) < (SELECT at, id FROM call_events WHERE id = ${s.after})`);
      return pageOf(await q.execute(), s.limit, (row) => row.id);
    },
  };
}

export type CallEventsRepository = ReturnType<typeof callEventsRepository>;
