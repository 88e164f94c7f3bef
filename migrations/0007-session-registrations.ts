// A browser's registration made with per-session SIP credentials (migration 0005) names the
// API session it came from, so revoking the session (sign-out, password change, disabled
// account) removes the registration at once instead of letting it live until it expires.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE registrations ADD COLUMN session_token_id uuid REFERENCES api_tokens ON DELETE CASCADE').execute(db);
  await sql.raw('CREATE INDEX registrations_session ON registrations (session_token_id) WHERE session_token_id IS NOT NULL').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE registrations DROP COLUMN session_token_id').execute(db);
}
