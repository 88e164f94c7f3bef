// Webhooks (issue 13): an admin's URL that gets the live events (server/api/events) as signed
// POSTs, so a CRM can follow calls. The signing secret is sealed (secret-box.ts): we must read
// it back to sign, and a copy of the database alone must not give it away. `cursor` is the
// last live event handled, so deliveries resume after a restart; every attempt is logged.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`CREATE TABLE webhooks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    url varchar(2000) NOT NULL,
    events jsonb NOT NULL DEFAULT '[]',
    secret text NOT NULL,
    enabled boolean NOT NULL DEFAULT true,
    cursor bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`).execute(db);
  await sql.raw(`CREATE TABLE webhook_deliveries (
    id bigserial PRIMARY KEY,
    webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id bigint NOT NULL,
    event_type varchar(32) NOT NULL,
    attempt integer NOT NULL,
    status integer,
    error varchar(300),
    at timestamptz NOT NULL DEFAULT now()
  )`).execute(db);
  await sql.raw('CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id)').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE webhook_deliveries').execute(db);
  await sql.raw('DROP TABLE webhooks').execute(db);
}
