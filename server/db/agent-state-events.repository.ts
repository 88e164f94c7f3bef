// Agent state history (available, on-call, wrap-up, away with a reason, …). The ACD appends;
// on restart it re-reads each agent's latest state from here.
import type { Kysely } from 'kysely';
import { pageOf, type Page } from './crud-repository.js';
import { recordConditions, type RecordPage } from './record-search.js';
import type { Database, NewRow, Row } from './database.types.js';

export interface AgentStateSearch extends RecordPage {
  agentId?: string;
}

export function agentStateEventsRepository(db: Kysely<Database>) {
  return {
    async append(event: NewRow<'agent_state_events'>): Promise<Row<'agent_state_events'>> {
      return db.insertInto('agent_state_events').values(event).returningAll().executeTakeFirstOrThrow();
    },
    /** Each agent's most recent state. */
    async latest(): Promise<Row<'agent_state_events'>[]> {
      return db.selectFrom('agent_state_events').distinctOn('agent_id').selectAll()
        .orderBy('agent_id').orderBy('at', 'desc').orderBy('id', 'desc').execute();
    },
    async search(s: AgentStateSearch): Promise<Page<Row<'agent_state_events'>>> {
      let q = db.selectFrom('agent_state_events').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(s.limit + 1);
      if (s.agentId) q = q.where('agent_id', '=', s.agentId);
      for (const condition of recordConditions('agent_state_events', 'at', s)) q = q.where(condition);
      return pageOf(await q.execute(), s.limit, (row) => row.id);
    },
  };
}

export type AgentStateEventsRepository = ReturnType<typeof agentStateEventsRepository>;
