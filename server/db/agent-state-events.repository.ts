// Agent state history (available, on-call, wrap-up, away with a reason, …). The ACD appends;
// on restart it re-reads each agent's latest state from here.
import { sql, type Kysely } from 'kysely';
import { pageOf, type Page } from './crud-repository.js';
import type { Database, NewRow, Row } from './database.types.js';

export interface AgentStateSearch {
  agentId?: string;
  since?: Date;
  until?: Date;
  limit: number;
  after?: string;
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
      if (s.since) q = q.where('at', '>=', s.since);
      if (s.until) q = q.where('at', '<', s.until);
      if (s.after) q = q.where(sql<boolean>`(at, id) < (SELECT at, id FROM agent_state_events WHERE id = ${s.after})`);
      return pageOf(await q.execute(), s.limit, (row) => row.id);
    },
  };
}

export type AgentStateEventsRepository = ReturnType<typeof agentStateEventsRepository>;
