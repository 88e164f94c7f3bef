// The one way to get a database handle:
//   openDatabase({ url })      a Postgres server (pool of pg connections)
//   openDatabase({ dataDir })  embedded PGlite persisted in that directory
//   openDatabase({})           embedded PGlite in memory (tests, demos)
//   openDatabase({ snapshot }) embedded PGlite started from handle.snapshot() of another
// It does not migrate; call migrateToLatest(db) (server start and `migrate` do).
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import pg from 'pg';
import type { ListenTarget } from './change-feed.types.js';
import type { Database } from './database.types.js';
import { lockDownDataDir } from './file-modes.js';
import { JsonParametersPlugin } from './json-parameters.plugin.js';
import { PgliteDialect } from './pglite-dialect.js';

export interface OpenDatabaseOptions {
  url?: string;
  dataDir?: string;
  /** Pool size for a Postgres server. */
  maxConnections?: number;
  /** Embedded only: start from a snapshot (DatabaseHandle.snapshot) instead of an empty cluster. */
  snapshot?: Blob;
  /** Hears of a pooled connection the server dropped (restart, admin kill); default: stderr. */
  onConnectionError?: (err: Error) => void;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  /** Where a ChangeFeed (change-feed.ts) listens for provisioning changes on this database. */
  listenTarget: ListenTarget;
  close(): Promise<void>;
  /** A Postgres server only: the pool, for stores that speak pg themselves (the login throttle's counters, shared by every node). */
  pool?: pg.Pool;
  /** Embedded only: the whole database as a gzipped tarball, to start copies from. */
  snapshot?(): Promise<Blob>;
}

/** A pg client that is never without an 'error' listener, from its birth on. */
class ListenedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const kysely = (dialect: Dialect) => new Kysely<Database>({ dialect, plugins: [new JsonParametersPlugin()] });
  if (options.url) {
    // A connection the server drops emits 'error' — on the pool when idle, on the client itself
    // when checked out (kysely adds no listener) — and unheard, either would end the process.
    // The pool replaces broken connections; queries in flight fail with their own error.
    const onError = options.onConnectionError ?? ((e: Error) => process.stderr.write(`database connection lost: ${e.message}\n`));
    const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10, Client: ListenedClient });
    pool.on('error', onError);
    const db = kysely(new PostgresDialect({ pool }));
    return { db, kind: 'postgres', pool, listenTarget: { kind: 'postgres', url: options.url }, close: () => db.destroy() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const lite = new PGlite({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), ...(options.snapshot ? { loadDataDir: options.snapshot } : {}) });
  if (options.dataDir) {
    // PGlite unpacks its initial cluster with the archive's modes (0666), whatever the umask;
    // the files Postgres creates afterwards are 0600. Close the unpacked ones once it is ready.
    await lite.waitReady;
    lockDownDataDir(options.dataDir);
  }
  const db = kysely(new PgliteDialect(lite));
  // kysely destroys only a driver it has used: a PGlite never queried would stay open (and keep the process alive).
  const close = async () => { await db.destroy(); if (!lite.closed) await lite.close(); };
  return { db, kind: 'pglite', listenTarget: { kind: 'pglite', pglite: lite }, close, snapshot: () => lite.dumpDataDir('gzip') };
}
