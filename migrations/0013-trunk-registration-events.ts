// Every transition of a trunk's outbound registration (server/sip/trunks), kept so an admin
// can see what the carrier answered and when (a refresh writes two rows per granted lifetime).
// The rows go with their trunk.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`CREATE TABLE trunk_registration_events (
    id bigserial PRIMARY KEY,
    trunk_id uuid NOT NULL REFERENCES trunks ON DELETE CASCADE,
    from_state text NOT NULL,
    to_state text NOT NULL,
    event text NOT NULL,
    status integer,
    reason text,
    at timestamptz NOT NULL DEFAULT now()
  )`).execute(db);
  await sql.raw('CREATE INDEX trunk_registration_events_trunk ON trunk_registration_events (trunk_id, at)').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE trunk_registration_events').execute(db);
}
