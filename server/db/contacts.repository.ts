// Contacts: a phone number's name, company and notes. Their history is the calls from or
// to that number (see calls.repository.ts, search by number).
import type { Kysely } from 'kysely';
import { crudRepository } from './crud-repository.js';
import type { Database, Row } from './database.types.js';

export function contactsRepository(db: Kysely<Database>) {
  return {
    ...crudRepository(db, 'contacts', { touch: true }),
    /** Screen-pop lookup. */
    async findByPhoneNumber(phoneNumber: string): Promise<Row<'contacts'> | undefined> {
      return db.selectFrom('contacts').selectAll().where('phone_number', '=', phoneNumber).executeTakeFirst();
    },
  };
}
