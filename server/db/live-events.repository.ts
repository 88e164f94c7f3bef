// The live event log (migration 0023): appended by the event hub, read back from a client's
// cursor. bigserial ids come back from pg as strings; the hub keeps them as numbers (a day of
// events stays far below 2^53).
import type { Kysely } from 'kysely';
import type { Database, NewRow, Row } from './database.types.js';

export function liveEventsRepository(db: Kysely<Database>) {
  return {
    add(event: NewRow<'live_events'>): Promise<Row<'live_events'>> {
      return db.insertInto('live_events').values(event).returningAll().executeTakeFirstOrThrow();
    },
    /** Events after `cursor`, oldest first. */
    after(cursor: number, limit: number): Promise<Row<'live_events'>[]> {
      return db.selectFrom('live_events').selectAll().where('id', '>', String(cursor)).orderBy('id').limit(limit).execute();
    },
    async latestId(): Promise<number> {
      const row = await db.selectFrom('live_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
      return Number(row?.id ?? 0);
    },
    async prune(before: Date): Promise<void> {
      await db.deleteFrom('live_events').where('at', '<', before).execute();
    },
  };
}

export type LiveEventsRepository = ReturnType<typeof liveEventsRepository>;
