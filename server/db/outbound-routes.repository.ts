// Outbound routes (issue 12). The SIP app reads the enabled ones for every outbound call, so
// an admin's change applies to the next call without a reload.
import type { Kysely } from 'kysely';
import { crudRepository } from './crud-repository.js';
import type { Database, Row } from './database.types.js';

export function outboundRoutesRepository(db: Kysely<Database>) {
  return {
    ...crudRepository(db, 'outbound_routes', { touch: true }),
    async listEnabled(): Promise<Row<'outbound_routes'>[]> {
      return db.selectFrom('outbound_routes').selectAll().where('enabled', '=', true).orderBy('priority').orderBy('name').execute();
    },
  };
}
