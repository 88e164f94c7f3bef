// Wrap-up (issue 13): a queue's disposition codes (the admin's list; one may be required) and,
// on the call, the code the agent picked and their notes — searchable with the call.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw("ALTER TABLE queues ADD COLUMN wrap_up_codes jsonb NOT NULL DEFAULT '[]', ADD COLUMN wrap_up_code_required boolean NOT NULL DEFAULT false").execute(db);
  await sql.raw('ALTER TABLE calls ADD COLUMN wrap_up_code varchar(64), ADD COLUMN notes varchar(2000)').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE calls DROP COLUMN notes, DROP COLUMN wrap_up_code').execute(db);
  await sql.raw('ALTER TABLE queues DROP COLUMN wrap_up_code_required, DROP COLUMN wrap_up_codes').execute(db);
}
