// Post-call survey (issue 16): a queue may keep the caller on the line after the agent hangs
// up and ask one to five questions, each answered 1–5 on the keypad (`survey`: { "questions":
// ["…"], "thanks": "…", "voice": "…" }, null: no survey); the answers go on the call record
// (`survey_answers`: [{ "question": "…", "answer": 4 }], answer null when none was given).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE queues ADD COLUMN survey jsonb').execute(db);
  await sql.raw('ALTER TABLE calls ADD COLUMN survey_answers jsonb').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE queues DROP COLUMN survey').execute(db);
  await sql.raw('ALTER TABLE calls DROP COLUMN survey_answers').execute(db);
}
