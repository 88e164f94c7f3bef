// Call records say what happened (issue 9): dispositions for calls that never reached an
// agent for a reason other than the caller giving up — `closed` (outside hours), `no-agent`
// (no queue or agent to take it), `ivr-ended` (the flow hung up by design) — and the IVR's
// variables (`set`, `gather`) kept with the call as the agent's screen-pop data.
import { sql, type Kysely } from 'kysely';

const before = ['answered', 'abandoned', 'no-answer', 'busy', 'failed', 'voicemail', 'callback', 'overflow'];
const after = [...before, 'closed', 'no-agent', 'ivr-ended'];
const check = (values: string[]) => `ALTER TABLE calls ADD CONSTRAINT calls_disposition_check CHECK (disposition IN (${values.map((v) => `'${v}'`).join(', ')}))`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE calls DROP CONSTRAINT calls_disposition_check').execute(db);
  await sql.raw(check(after)).execute(db);
  await sql.raw(`ALTER TABLE calls ADD COLUMN variables jsonb NOT NULL DEFAULT '{}'`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE calls DROP COLUMN variables').execute(db);
  await sql.raw(`UPDATE calls SET disposition = 'failed' WHERE disposition IN ('closed', 'no-agent', 'ivr-ended')`).execute(db);
  await sql.raw('ALTER TABLE calls DROP CONSTRAINT calls_disposition_check').execute(db);
  await sql.raw(check(before)).execute(db);
}
