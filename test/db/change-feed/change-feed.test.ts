// Migration 0003's triggers and server/db/change-feed.ts, on Postgres and PGlite: an insert,
// an update and a delete on each provisioning table arrive as typed changes naming the row;
// on Postgres a listener connection the server drops reconnects, says `resync`, and hears
// the next change.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import pg from 'pg';
import { ChangeFeed, provisioningTables, type ProvisioningChange, type ProvisioningTable } from '../../../server/db/index.js';
import { createRepositories } from '../../../server/db/repositories.js';
import { createTestDatabase, describeEachDatabase } from '../test-databases.js';

const keyColumn: Record<ProvisioningTable, string> = {
  agents: 'id', queues: 'id', queue_members: 'queue_id', numbers: 'id', ivr_flows: 'id',
  ivr_flow_versions: 'flow_id', trunks: 'id', schedules: 'id', prompts: 'id',
};

/** Every change a feed emitted, and a wait for one that may have come already. */
function record(feed: ChangeFeed) {
  const heard: ProvisioningChange[] = [];
  const waiters: { match: (c: ProvisioningChange) => boolean; resolve: (c: ProvisioningChange) => void }[] = [];
  feed.on('change', (c) => {
    heard.push(c);
    for (const w of waiters.filter((x) => x.match(c))) { waiters.splice(waiters.indexOf(w), 1); w.resolve(c); }
  });
  const waitFor = (match: (c: ProvisioningChange) => boolean, ms = 5000): Promise<ProvisioningChange> => {
    const seen = heard.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching change within ${ms} ms (feed ${feed.status}, heard ${heard.length})`)), ms);
      waiters.push({ match, resolve: (c) => { clearTimeout(timer); resolve(c); } });
    });
  };
  return { heard, waitFor };
}

describe('change feed', { timeout: 120000 }, () => {
  describeEachDatabase('provisioning NOTIFY', (get) => {
    it('insert, update and delete on every provisioning table arrive with table, op and id', async () => {
      const { db, listenTarget } = get();
      const feed = await ChangeFeed.start(listenTarget);
      const { heard, waitFor } = record(feed);
      try {
        const repos = createRepositories(db, { sipRealm: 'switchboard' });
        const agent = await repos.agents.create({ name: 'Ann', extension: '3001', sip_username: 'ann', sip_password: 'ann-sip-password' });
        const queue = await repos.queues.create({ name: 'feed-q', strategy: 'longest-idle' });
        await repos.queues.addMember(queue.id, { agent_id: agent.id });
        const flow = await repos.ivrFlows.create({ name: 'feed-flow', definition: { start: 'a', nodes: { a: { verb: 'hangup' } } } });
        const number = await repos.numbers.create({ e164: '+15550177', destination: { type: 'ivr', id: flow.id } });
        const trunk = await repos.trunks.create({ name: 'feed-trunk', auth_type: 'ip', allowed_cidrs: ['127.0.0.1/32'] });
        const schedule = await repos.schedules.create({ name: 'feed-hours', time_zone: 'UTC' });
        const prompt = await repos.prompts.create({ name: 'feed-prompt', kind: 'text', text: 'hello' });
        const ids: Record<ProvisioningTable, string> = {
          agents: agent.id, queues: queue.id, queue_members: queue.id, numbers: number.id, ivr_flows: flow.id,
          ivr_flow_versions: flow.id, trunks: trunk.id, schedules: schedule.id, prompts: prompt.id,
        };
        for (const table of provisioningTables) {
          await sql`UPDATE ${sql.table(table)} SET created_at = created_at WHERE ${sql.ref(keyColumn[table])} = ${ids[table]}`.execute(db);
        }
        // Dependents first, so each delete is the one asked for, not a cascade.
        for (const table of ['numbers', 'queue_members', 'ivr_flow_versions', 'ivr_flows', 'queues', 'agents', 'trunks', 'schedules', 'prompts'] as const) {
          await sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(keyColumn[table])} = ${ids[table]}`.execute(db);
        }
        await waitFor((c) => c.table === 'prompts' && c.op === 'delete');
        for (const table of provisioningTables) {
          for (const op of ['insert', 'update', 'delete'] as const) {
            assert.ok(heard.some((c) => c.table === table && c.op === op && c.id === ids[table]), `${op} on ${table} was heard (heard: ${heard.filter((c) => c.table === table).map((c) => c.op).join(', ')})`);
          }
        }
        const order = heard.map((c) => `${c.op} ${c.table}`);
        assert.ok(order.indexOf('insert agents') < order.indexOf('delete prompts'), 'changes arrive in commit order');
      } finally {
        await feed.close();
      }
    });

    it('a rolled-back change is never announced', async () => {
      const { db, listenTarget } = get();
      const feed = await ChangeFeed.start(listenTarget);
      const { heard, waitFor } = record(feed);
      try {
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('schedules').values({ name: 'never', time_zone: 'UTC' }).execute();
          throw new Error('roll back');
        }).catch(() => undefined);
        const repos = createRepositories(db, { sipRealm: 'switchboard' });
        const kept = await repos.schedules.create({ name: 'kept', time_zone: 'UTC' });
        await waitFor((c) => c.id === kept.id);
        assert.deepEqual(heard.map((c) => c.id), [kept.id]);
      } finally {
        await feed.close();
      }
    });
  });

  // Postgres only: PGlite is in process, there is no connection to lose.
  describe('listener connection [postgres]', () => {
    it('reconnects after the server drops it, says resync, and hears the next change', async (t) => {
      const database = await createTestDatabase('postgres');
      t.after(() => database.drop());
      const { db, listenTarget, url } = database;
      const warnings: string[] = [];
      const feed = await ChangeFeed.start(listenTarget, { retryMs: 100, logger: { info: () => undefined, warn: (_o, msg) => warnings.push(msg) } });
      const { waitFor } = record(feed);
      try {
        const resynced = new Promise<{ reason: string }>((resolve) => feed.once('resync', resolve));
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        const killed = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'switchboard-change-feed'");
        await admin.end();
        assert.equal(killed.rowCount, 1, 'the listener connection was found and dropped');
        assert.deepEqual(await resynced, { reason: 'reconnected' });
        assert.equal(feed.status, 'listening');
        assert.ok(warnings.some((w) => /lost the database connection/.test(w)), 'the loss is logged');
        const repos = createRepositories(db, { sipRealm: 'switchboard' });
        const s = await repos.schedules.create({ name: 'after-reconnect', time_zone: 'UTC' });
        assert.equal((await waitFor((c) => c.id === s.id)).op, 'insert');
      } finally {
        await feed.close();
      }
      assert.equal(feed.status, 'closed');
    });
  });
});
