// DIDs: a dialed E.164 number maps to one destination. The unique e164 column is what turns
// a second route for the same DID into a conflict.
import type { Kysely } from 'kysely';
import { crudRepository } from './crud-repository.js';
import type { Database, Row } from './database.types.js';

export function numbersRepository(db: Kysely<Database>) {
  return {
    ...crudRepository(db, 'numbers', { touch: true }),
    /** The inbound router's lookup. */
    async findByE164(e164: string): Promise<Row<'numbers'> | undefined> {
      return db.selectFrom('numbers').selectAll().where('e164', '=', e164).executeTakeFirst();
    },
  };
}
