// SIP registrations (issue 4): one row per (AOR, contact URI). The registrar upserts on each
// REGISTER, deletes on Expires 0 / `*`, and sweeps rows past expires_at; lookups ignore expired
// rows so a late sweep never rings a stale contact. The contact URI is kept byte for byte as
// the phone sent it: the 200 must echo it exactly for the engine's flow cache to match.
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE registrations (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    aor text NOT NULL,
    username text NOT NULL,
    contact text NOT NULL,
    transport text NOT NULL CHECK (transport IN ('udp', 'tcp', 'tls', 'ws', 'wss')),
    source_address text NOT NULL,
    source_port integer NOT NULL CHECK (source_port BETWEEN 0 AND 65535),
    user_agent text NOT NULL DEFAULT '',
    call_id text NOT NULL,
    cseq integer NOT NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (aor, contact))`,
  'CREATE INDEX registrations_expires ON registrations (expires_at)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE registrations').execute(db);
}
