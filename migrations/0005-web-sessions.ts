// Web sessions and the browser's SIP credentials (issue 10):
// - api_tokens.kind tells a sign-in session ('session', 12 h) from an API token ('api'), so
//   that token lifetimes can be capped by who mints them;
// - sip_session_credentials: a random SIP password per API session, kept only as HA1s, with
//   its own digest username; the registrar accepts it while the token lives. Deleting or
//   revoking the token ends it (the lookup joins the live token; rows cascade on delete).
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE api_tokens ADD COLUMN kind text NOT NULL DEFAULT 'api' CHECK (kind IN ('session', 'api'))`,
  `UPDATE api_tokens SET kind = 'session' WHERE name = 'login'`,
  `CREATE TABLE sip_session_credentials (
    token_id uuid PRIMARY KEY REFERENCES api_tokens ON DELETE CASCADE,
    agent_id uuid NOT NULL REFERENCES agents ON DELETE CASCADE,
    username text NOT NULL UNIQUE,
    realm text NOT NULL,
    ha1_md5 text NOT NULL,
    ha1_sha256 text NOT NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now())`,
  'CREATE INDEX sip_session_credentials_expires ON sip_session_credentials (expires_at)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE sip_session_credentials').execute(db);
  await sql.raw('ALTER TABLE api_tokens DROP COLUMN kind').execute(db);
}
