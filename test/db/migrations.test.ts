// Every migration applies, in order, to an empty database and a second run changes nothing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/database.types.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { migrations } from '../../migrations/index.js';
import { createTestDatabase, databaseKinds } from './test-databases.js';

async function tableNames(db: Kysely<Database>): Promise<string[]> {
  const r = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`.execute(db);
  return r.rows.map((row) => row.table_name);
}

for (const kind of databaseKinds) {
  describe(`migrations [${kind}]`, () => {
    it('apply from empty, then are a no-op on re-run', async () => {
      const t = await createTestDatabase(kind, { migrate: false });
      try {
        assert.deepEqual(await tableNames(t.db), []);
        const first = await migrateToLatest(t.db);
        assert.deepEqual(first.map((r) => [r.migrationName, r.status]), Object.keys(migrations).map((name) => [name, 'Success']));
        const tables = await tableNames(t.db);
        for (const table of ['users', 'api_tokens', 'agents', 'trunks', 'numbers', 'ivr_flows', 'ivr_flow_versions', 'queues', 'queue_members', 'schedules', 'prompts', 'calls', 'call_legs', 'call_events', 'agent_state_events', 'recordings', 'contacts']) {
          assert.ok(tables.includes(table), `table ${table} exists`);
        }
        assert.deepEqual(await migrateToLatest(t.db), []);
        assert.deepEqual(await tableNames(t.db), tables);
      } finally {
        await t.drop();
      }
    });
  });
}
