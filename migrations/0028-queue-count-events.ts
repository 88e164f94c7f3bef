// Queue counts on the live event hub (issue 13): how many wait in a queue and its agents'
// states, pushed when a caller enters or leaves it.
import { sql, type Kysely } from 'kysely';

const names = (list: string[]): string => list.map((n) => `'${n}'`).join(', ');
const before = ['agent.state', 'call.offered', 'call.answered', 'call.ended'];

async function setTypes(db: Kysely<unknown>, list: string[]): Promise<void> {
  await sql.raw('ALTER TABLE live_events DROP CONSTRAINT IF EXISTS live_events_type_check').execute(db);
  await sql.raw(`ALTER TABLE live_events ADD CONSTRAINT live_events_type_check CHECK (type IN (${names(list)}))`).execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await setTypes(db, [...before, 'queue.counts']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("DELETE FROM live_events WHERE type = 'queue.counts'").execute(db);
  await setTypes(db, before);
}
