// Applies the migrations of migrations/ that the database has not seen. Safe to run again
// and from several nodes at once: kysely's migrator takes an advisory lock and records what
// it applied in kysely_migration.
import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { migrations } from '../../migrations/index.js';

export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<MigrationResult[]> {
  // The migrator only runs SQL of its own; the row types do not matter to it.
  const migrator = new Migrator({ db: db as Kysely<unknown>, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results ?? [];
}
