// Every data-layer and API test runs twice: against the real Postgres server the test
// runner started (TEST_DATABASE_URL) and against in-memory PGlite. Each suite gets a fresh
// database: CREATE DATABASE on the server, a new PGlite instance in memory.
// A new PGlite spends seconds in initdb, so migrated ones start from a snapshot of a freshly
// migrated database instead, kept in the OS temp dir as a 5 MB cache keyed by the PGlite
// version and the migrations' code (stale snapshots are removed when a new one is written).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import type { Kysely } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../server/db/open-database.js';
import type { ListenTarget } from '../../server/db/change-feed.types.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import type { Database } from '../../server/db/database.types.js';
import { migrations } from '../../migrations/index.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface TestDatabase {
  kind: DatabaseKind;
  db: Kysely<Database>;
  /** Set for Postgres: the URL of this suite's own database. */
  url?: string;
  /** Where a ChangeFeed listens on this database. */
  listenTarget: ListenTarget;
}

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through scripts/run-tests.mjs (npm test)');
  return url;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try { await client.query(text); } finally { await client.end(); }
}

const templatePrefix = 'switchboard-pglite-template-';

function templateFile(): string {
  const pglite = readFileSync(join(process.cwd(), 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8');
  const code = Object.entries(migrations).map(([name, m]) => `${name}\n${m.up.toString()}`).join('\n');
  return join(tmpdir(), `${templatePrefix}${createHash('sha256').update(pglite).update(code).digest('hex').slice(0, 16)}.tgz`);
}

let template: Promise<Blob> | undefined;

/** A snapshot of a freshly migrated PGlite: read from the cache, or made and cached. */
function migratedPgliteSnapshot(): Promise<Blob> {
  return (template ??= (async () => {
    const file = templateFile();
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const handle = await openDatabase({});
    try {
      await migrateToLatest(handle.db);
      if (!handle.snapshot) throw new Error('PGlite handle without snapshot()');
      const blob = await handle.snapshot();
      for (const old of readdirSync(tmpdir()).filter((f) => f.startsWith(templatePrefix))) rmSync(join(tmpdir(), old), { force: true });
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
      renameSync(partial, file);
      return blob;
    } finally {
      await handle.close();
    }
  })());
}

/** A fresh, empty database of that kind; `migrate: false` leaves it without schema. */
export async function createTestDatabase(kind: DatabaseKind, options: { migrate?: boolean } = {}): Promise<TestDatabase & { drop(): Promise<void> }> {
  let handle: DatabaseHandle;
  let url: string | undefined;
  let dropServerDb = async (): Promise<void> => {};
  if (kind === 'postgres') {
    const name = `sb_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const u = new URL(serverUrl());
    u.pathname = `/${name}`;
    url = u.toString();
    handle = await openDatabase({ url, maxConnections: 4 });
    dropServerDb = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    if (options.migrate !== false) await migrateToLatest(handle.db);
  } else {
    handle = await openDatabase(options.migrate === false ? {} : { snapshot: await migratedPgliteSnapshot() });
  }
  return {
    kind, db: handle.db, listenTarget: handle.listenTarget, ...(url ? { url } : {}),
    async drop() { await handle.close(); await dropServerDb(); },
  };
}

export const databaseKinds: DatabaseKind[] = ['postgres', 'pglite'];

/** describe() once per database kind; `get()` is the suite's fresh, migrated database. */
export function describeEachDatabase(name: string, body: (get: () => TestDatabase) => void): void {
  for (const kind of databaseKinds) {
    describe(`${name} [${kind}]`, () => {
      let current: (TestDatabase & { drop(): Promise<void> }) | undefined;
      before(async () => { current = await createTestDatabase(kind); });
      after(async () => { await current?.drop(); });
      body(() => {
        if (!current) throw new Error('database not ready');
        return current;
      });
    });
  }
}
