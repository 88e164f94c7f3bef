// History of trunk registrations (migration 0013): the registration room appends each
// transition; a trunk's rows are deleted with it.
import type { Kysely } from 'kysely';
import type { Database, NewRow, Row } from './database.types.js';

export function trunkRegistrationEventsRepository(db: Kysely<Database>) {
  return {
    async append(event: NewRow<'trunk_registration_events'>): Promise<void> {
      await db.insertInto('trunk_registration_events').values(event).execute();
    },
    /** A trunk's transitions, oldest first. */
    async forTrunk(trunkId: string, limit = 100): Promise<Row<'trunk_registration_events'>[]> {
      return db.selectFrom('trunk_registration_events').selectAll().where('trunk_id', '=', trunkId).orderBy('id').limit(limit).execute();
    },
  };
}
