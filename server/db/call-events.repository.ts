// The queue log: one row per thing that happened to a call in a queue (entered, offered,
// answered, abandoned, transferred, …), appended by the ACD, read by reports.
import type { Kysely } from 'kysely';
import { pageOf, type Page } from './crud-repository.js';
import { recordConditions, type RecordPage, type RecordScope } from './record-search.js';
import type { CallEventName, Database, NewRow, Row } from './database.types.js';

export interface CallEventSearch extends RecordPage {
  callId?: string;
  queueId?: string;
  agentId?: string;
  event?: CallEventName;
  scope?: RecordScope;
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
      for (const condition of recordConditions('call_events', 'at', s, s.scope)) q = q.where(condition);
      return pageOf(await q.execute(), s.limit, (row) => row.id);
    },
  };
}

export type CallEventsRepository = ReturnType<typeof callEventsRepository>;
