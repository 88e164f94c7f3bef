// Recordings index: the file (under the media directory's recordings/ folder), its length,
// channels and the spans during which recording was paused. Access follows the call's.
import type { Kysely } from 'kysely';
import type { Database, NewRow, Row } from './database.types.js';

export function recordingsRepository(db: Kysely<Database>) {
  return {
    async add(recording: NewRow<'recordings'>): Promise<Row<'recordings'>> {
      return db.insertInto('recordings').values(recording).returningAll().executeTakeFirstOrThrow();
    },
    async get(id: string): Promise<Row<'recordings'> | undefined> {
      return db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async forCall(callId: string): Promise<Row<'recordings'>[]> {
      return db.selectFrom('recordings').selectAll().where('call_id', '=', callId).orderBy('created_at').execute();
    },
  };
}

export type RecordingsRepository = ReturnType<typeof recordingsRepository>;
