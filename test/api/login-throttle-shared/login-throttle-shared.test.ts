// Issue 18, shared login counters: two API nodes on one Postgres server count the same failed
// logins. Guesses at one account spread over both nodes are throttled after 10 in all (not 10
// per node), a node started afterwards knows of them too, and the right password is still
// refused while the account is throttled.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import pg from 'pg';
import { createApiApp } from '../../../server/api/create-api-app.js';
import { createLogger } from '../../../server/api/logger.js';
import { createRepositories } from '../../../server/db/repositories.js';
import { createTestDatabase } from '../../db/test-databases.js';

test('failed logins at two nodes add up; a third node started later sees them', { timeout: 60_000 }, async (t) => {
  const database = await createTestDatabase('postgres');
  const pool = new pg.Pool({ connectionString: database.url ?? '' });
  const servers: Server[] = [];
  t.after(async () => {
    for (const s of servers) await new Promise<void>((resolve) => s.close(() => resolve()));
    await pool.end();
    await database.drop();
  });
  const node = async (): Promise<string> => {
    const app = createApiApp({ db: database.db, logger: createLogger({ level: 'silent' }), sipRealm: 'switchboard', sharedCounters: pool });
    const server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/login`;
  };
  await createRepositories(database.db, { sipRealm: 'switchboard' }).users.create({ username: 'target', role: 'agent', password: 'target-password', email: null });
  const login = async (url: string, password: string) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'target', password }) })).status;

  const [a, b] = [await node(), await node()];
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) statuses.push(await login(i % 2 === 0 ? a : b, `guess-${i}`));
  t.diagnostic(`10 guesses alternating over two nodes: ${statuses.join(' ')}`);
  assert.deepEqual(statuses, Array(10).fill(401), 'the first 10 are checked');
  assert.equal(await login(a, 'guess-10'), 429, 'the 11th at node A is throttled');
  assert.equal(await login(b, 'target-password'), 429, 'node B throttles too, even the right password');
  const c = await node();
  assert.equal(await login(c, 'target-password'), 429, 'a node started later knows of the guesses');
  const rows = (await pool.query<{ key: string; points: number }>('SELECT key, points FROM login_throttle ORDER BY key')).rows;
  assert.ok(rows.some((r) => r.key === 'login-account:target' && r.points >= 10), `the count is in Postgres: ${JSON.stringify(rows)}`);
});
