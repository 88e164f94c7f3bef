// The live event log (issue 13): what the event hub (server/api/events) pushes over
// /api/events — agent states, calls offered, answered and ended — in one ordered table, so a
// client resumes from its cursor (the id) after a reconnect or a server restart, and a node
// other than the one that saw it can replay it. Kept a day (the hub prunes).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`CREATE TABLE live_events (
    id bigserial PRIMARY KEY,
    type varchar(32) NOT NULL CHECK (type IN ('agent.state', 'call.offered', 'call.answered', 'call.ended')),
    agent_id uuid,
    queue_id uuid,
    call_id uuid,
    data jsonb NOT NULL DEFAULT '{}',
    at timestamptz NOT NULL DEFAULT now()
  )`).execute(db);
  await sql.raw('CREATE INDEX live_events_at ON live_events (at)').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE live_events').execute(db);
}
