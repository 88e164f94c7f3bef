// Every data-layer and API test runs twice: against the real Postgres server the test
// runner started (TEST_DATABASE_URL) and against in-memory PGlite. Each suite gets a fresh
// database: CREATE DATABASE on the server, a new PGlite instance in memory.
import { randomBytes } from 'node:crypto';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import type { Kysely } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../server/db/open-database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import type { Database } from '../../server/db/database.types.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface TestDatabase {
  kind: DatabaseKind;
  db: Kysely<Database>;
  /** Set for Postgres: the URL of this suite's own database. */
  url?: string;
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
  } else {
    handle = await openDatabase({});
  }
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    kind, db: handle.db, ...(url ? { url } : {}),
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
