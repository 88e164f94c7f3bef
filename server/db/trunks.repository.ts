// Trunks (carriers). IP-auth trunks are matched by source address against allowed_cidrs;
// registration trunks keep their password in clear because we must answer the carrier's
// challenge with it — the API never returns it.
import type { Kysely } from 'kysely';
import { crudRepository } from './crud-repository.js';
import type { Database, Row } from './database.types.js';

export function trunksRepository(db: Kysely<Database>) {
  return {
    ...crudRepository(db, 'trunks', { touch: true }),
    /** Enabled trunks, for the SIP app to match sources and to register. */
    async listEnabled(): Promise<Row<'trunks'>[]> {
      return db.selectFrom('trunks').selectAll().where('enabled', '=', true).orderBy('name').execute();
    },
  };
}
