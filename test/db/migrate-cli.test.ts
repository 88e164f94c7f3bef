// `npm run migrate` (server/db/migrate-cli.ts) against a Postgres server and against a
// persistent PGlite directory: applies everything once, then says it is up to date.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../../server/db/open-database.js';
import { createTestDatabase } from './test-databases.js';

const cli = join(process.cwd(), 'dist', 'server', 'db', 'migrate-cli.js');
const run = async (env: Record<string, string>) => (await promisify(execFile)(process.execPath, [cli], { env: { PATH: process.env.PATH ?? '', ...env } })).stdout;

describe('migrate command', () => {
  it('migrates the Postgres server named by DATABASE_URL, then finds nothing to do', async () => {
    const t = await createTestDatabase('postgres', { migrate: false });
    try {
      assert.match(await run({ DATABASE_URL: t.url! }), /0001-initial-schema: Success/);
      assert.match(await run({ DATABASE_URL: t.url! }), /database is up to date/);
      const tables = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'calls'`.execute(t.db);
      assert.equal(tables.rows[0]?.n, 1);
    } finally {
      await t.drop();
    }
  });

  it('migrates a persistent PGlite directory that a later open finds migrated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-pglite-'));
    try {
      assert.match(await run({ SWITCHBOARD_DATA_DIR: dir }), /0001-initial-schema: Success/);
      const handle = await openDatabase({ dataDir: join(dir, 'pglite') });
      try {
        const tables = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'calls'`.execute(handle.db);
        assert.equal(tables.rows[0]?.n, 1);
      } finally {
        await handle.close();
      }
      assert.match(await run({ SWITCHBOARD_DATA_DIR: dir }), /database is up to date/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
