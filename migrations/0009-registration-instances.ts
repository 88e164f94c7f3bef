// A phone's +sip.instance (and RFC 5626 reg-id) on its binding, so a phone that reboots (new
// Call-ID, new port, same instance) replaces its old binding instead of leaving a dead one
// that calls fork to.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE registrations ADD COLUMN instance_id text, ADD COLUMN reg_id integer').execute(db);
  await sql.raw('CREATE INDEX registrations_instance ON registrations (aor, instance_id) WHERE instance_id IS NOT NULL').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE registrations DROP COLUMN instance_id, DROP COLUMN reg_id').execute(db);
}
