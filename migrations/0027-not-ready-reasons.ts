// Not-ready reasons (issue 13): the admin's list the agent picks from. An empty list leaves
// the reason free; a list is enforced on /api/me/state.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('CREATE TABLE not_ready_reasons (name varchar(64) PRIMARY KEY, position integer NOT NULL)').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE not_ready_reasons').execute(db);
}
