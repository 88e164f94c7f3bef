// Per-trunk calls-per-second cap (issue 10): trunks.max_cps, NULL for no cap. The SIP app's
// trunk admission (server/sip/trunk-limits.ts) enforces it together with max_channels.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE trunks ADD COLUMN max_cps integer CHECK (max_cps > 0)').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE trunks DROP COLUMN max_cps').execute(db);
}
