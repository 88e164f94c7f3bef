// Skills routing and priority (issue 16). A queue asks for skills in timed steps that relax
// (`skill_steps`, Amazon Connect style: [{ "require": [{ "skill": "spanish", "min": 4 }],
// "seconds": 30 }, …]; after the last timed step anyone in the queue may answer); agents'
// proficiencies were already in agents.skills. Priority comes from the number, the IVR
// choice, the queue's caller rules, a VIP contact (`vip_priority` of the queue) and time in
// queue (`priority_aging_seconds`: one priority point per that many seconds waited).
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE queues ADD COLUMN skill_steps jsonb NOT NULL DEFAULT '[]'`,
  'ALTER TABLE queues ADD COLUMN priority_aging_seconds integer CHECK (priority_aging_seconds > 0)',
  'ALTER TABLE queues ADD COLUMN vip_priority integer NOT NULL DEFAULT 10',
  'ALTER TABLE numbers ADD COLUMN priority integer NOT NULL DEFAULT 0',
  'ALTER TABLE contacts ADD COLUMN vip boolean NOT NULL DEFAULT false',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const c of ['skill_steps', 'priority_aging_seconds', 'vip_priority']) await sql.raw(`ALTER TABLE queues DROP COLUMN ${c}`).execute(db);
  await sql.raw('ALTER TABLE numbers DROP COLUMN priority').execute(db);
  await sql.raw('ALTER TABLE contacts DROP COLUMN vip').execute(db);
}
