// The admin's not-ready reasons, in the order the agent's list shows them (migration 0027).
import type { Kysely } from 'kysely';
import type { Database } from './database.types.js';

export function notReadyReasonsRepository(db: Kysely<Database>) {
  return {
    async list(): Promise<string[]> {
      return (await db.selectFrom('not_ready_reasons').select('name').orderBy('position').execute()).map((r) => r.name);
    },
    /** Replaces the list in one transaction (an empty list: reasons are free text again). */
    async replace(names: string[]): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('not_ready_reasons').execute();
        if (names.length) await tx.insertInto('not_ready_reasons').values(names.map((name, position) => ({ name, position }))).execute();
      });
    },
  };
}
