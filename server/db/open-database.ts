// The one way to get a database handle:
//   openDatabase({ url })      a Postgres server (pool of pg connections)
//   openDatabase({ dataDir })  embedded PGlite persisted in that directory
//   openDatabase({})           embedded PGlite in memory (tests, demos)
// It does not migrate; call migrateToLatest(db) (server start and `migrate` do).
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.types.js';
import { JsonParametersPlugin } from './json-parameters.plugin.js';
import { PgliteDialect } from './pglite-dialect.js';

export interface OpenDatabaseOptions {
  url?: string;
  dataDir?: string;
  /** Pool size for a Postgres server. */
  maxConnections?: number;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  let dialect: Dialect;
  let kind: DatabaseHandle['kind'];
  if (options.url) {
    kind = 'postgres';
    dialect = new PostgresDialect({ pool: new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 }) });
  } else {
    kind = 'pglite';
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    const lite = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
    dialect = new PgliteDialect(lite);
  }
  const db = new Kysely<Database>({ dialect, plugins: [new JsonParametersPlugin()] });
  return { db, kind, close: () => db.destroy() };
}
