// Failed-login counters every node shares (issue 18): rate-limiter-flexible's Postgres store
// keeps them here (server/api/http/login-throttle.ts), in the shape it reads and writes.
// Created here rather than by the library at first use, so the schema has one owner.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('CREATE TABLE login_throttle (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE login_throttle').execute(db);
}
