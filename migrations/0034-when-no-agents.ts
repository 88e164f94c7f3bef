// What a queue does with no member agent logged in (issue 16's rules; Asterisk's joinempty /
// leavewhenempty): `wait` (callers join and wait, as before) or `overflow` (a caller does not
// join, and those waiting leave when the last member logs out, to the overflow destination).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw("ALTER TABLE queues ADD COLUMN when_no_agents text NOT NULL DEFAULT 'wait' CHECK (when_no_agents IN ('wait', 'overflow'))").execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE queues DROP COLUMN when_no_agents').execute(db);
}
