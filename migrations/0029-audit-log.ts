// The audit log (issue 14): one row per change made through the API — who (the token's user,
// copied so the entry outlives the account), when, what (action, resource type and id, the
// route), from which address, and the resource before and after as the API shows it, with
// secrets removed (server/api/http/audit-log.ts). No foreign keys: entries stay when what they
// name is deleted. Listed newest first by (at, id); filtered by resource, actor or time.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor_id uuid,
    actor_username varchar(64),
    actor_role varchar(16),
    action varchar(64) NOT NULL,
    resource_type varchar(64) NOT NULL,
    resource_id varchar(200),
    route varchar(300),
    address varchar(64),
    changed jsonb,
    before jsonb,
    after jsonb
  )`).execute(db);
  await sql.raw('CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC)').execute(db);
  await sql.raw('CREATE INDEX audit_log_resource ON audit_log (resource_type, resource_id, at DESC)').execute(db);
  await sql.raw('CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC)').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE audit_log').execute(db);
}
