// Agent scripts (issue 13): a queue's markdown shown to the agent during its calls, with the
// call's variables filled in ({{caller.name}}, {{ivr.account}}, …) by the screen-pop.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE queues ADD COLUMN script text').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE queues DROP COLUMN script').execute(db);
}
