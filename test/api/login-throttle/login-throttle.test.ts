// Issue 10, guessing at the web login: 40 logins over 40 usernames from one address are
// throttled (429 with Retry-After after 20 failures), also when sent all at once; one account guessed from 11 addresses is
// throttled after 10; unknown and known usernames answer in the same time (medians of 20 tries
// each, printed, within ±20 %); every attempt is logged as a `security: "web"` line with the
// address and username, and no line carries the password. Client addresses are distinct
// loopback addresses (127.0.0.x), so each limit is seen alone.
import assert from 'node:assert/strict';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createApiApp } from '../../../server/api/create-api-app.js';
import { createLogger } from '../../../server/api/logger.js';
import { createRepositories } from '../../../server/db/repositories.js';
import { createTestDatabase, type TestDatabase } from '../../db/test-databases.js';

interface Answer { status: number; retryAfter: string | undefined; ms: number }

describe('login throttle', { timeout: 120_000 }, () => {
  let database: TestDatabase & { drop(): Promise<void> };
  let server: Server;
  let port = 0;
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];

  before(async () => {
    database = await createTestDatabase('postgres');
    const logger = createLogger({ level: 'info' }, { write: (line: string) => { raw.push(line); lines.push(JSON.parse(line) as Record<string, unknown>); } });
    const app = createApiApp({ db: database.db, logger, sipRealm: 'switchboard' });
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    port = (server.address() as AddressInfo).port;
    const repos = createRepositories(database.db, { sipRealm: 'switchboard' });
    for (let i = 0; i < 20; i++) await repos.users.create({ username: `known-${i}`, role: 'agent', password: `known-password-${i}`, email: null });
    await repos.users.create({ username: 'target', role: 'agent', password: 'target-password', email: null });
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.drop();
  });

  const login = (from: string, username: string, password: string): Promise<Answer> => new Promise((resolve, reject) => {
    const body = JSON.stringify({ username, password });
    const started = process.hrtime.bigint();
    const req = httpRequest({ host: '127.0.0.1', port, localAddress: from, method: 'POST', path: '/api/auth/login', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', reject);
    req.end(body);
  });

  it('40 logins over 40 usernames from one address: 429 with Retry-After after 20 failures', async (t) => {
    const answers: Answer[] = [];
    for (let i = 0; i < 40; i++) answers.push(await login('127.0.0.10', `spray-${i}`, 'Summer2026!'));
    const statuses = answers.map((a) => a.status);
    t.diagnostic(`statuses from one address over 40 usernames: ${statuses.join(' ')}`);
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401));
    assert.deepEqual(statuses.slice(20), Array(20).fill(429));
    assert.ok(Number(answers[39]?.retryAfter) > 0, 'Retry-After in seconds');
    // Another address is not affected.
    assert.equal((await login('127.0.0.11', 'target', 'target-password')).status, 200);
  });

  it('the same 40 at once, in parallel, are limited just as well (20 answered, 20 refused)', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login('127.0.0.20', `parallel-${i}`, 'Winter2026!')));
    const counts = { 401: answers.filter((a) => a.status === 401).length, 429: answers.filter((a) => a.status === 429).length };
    assert.deepEqual(counts, { 401: 20, 429: 20 });
  });

  it('one account guessed from many addresses is throttled after 10 failures', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await login(`127.0.1.${i + 1}`, 'target', `guess-${i}`)).status);
    assert.deepEqual(statuses, [...Array(10).fill(401), 429]);
    const right = await login('127.0.1.50', 'target', 'target-password');
    assert.equal(right.status, 429, 'even the right password waits: the account is throttled');
    assert.ok(Number(right.retryAfter) > 0);
  });

  it('unknown and known usernames answer in the same time (medians, ±20 %)', async (t) => {
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, one fresh address per try: neither limit is reached.
    for (let i = 0; i < 20; i++) {
      known.push((await login(`127.0.2.${i + 1}`, `known-${i}`, 'wrong-password')).ms);
      unknown.push((await login(`127.0.3.${i + 1}`, `nobody-${i}`, 'wrong-password')).ms);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const k = median(known);
    const u = median(unknown);
    t.diagnostic(`login answer median: known username ${k.toFixed(1)} ms, unknown username ${u.toFixed(1)} ms (20 tries each)`);
    assert.ok(Math.abs(k - u) <= 0.2 * Math.max(k, u), `known ${k.toFixed(1)} ms vs unknown ${u.toFixed(1)} ms`);
  });

  it('logs failures, throttles and successes with address and username, never the password', async () => {
    const web = lines.filter((l) => l.security === 'web');
    const failed = web.find((l) => l.event === 'login-failed' && l.username === 'spray-0');
    assert.equal(failed?.address, '127.0.0.10');
    const throttled = web.find((l) => l.event === 'login-throttled' && l.username === 'spray-30');
    assert.equal(throttled?.address, '127.0.0.10');
    const ok = web.find((l) => l.event === 'login' && l.username === 'target');
    assert.equal(ok?.address, '127.0.0.11');
    for (const secret of ['Summer2026!', 'Winter2026!', 'target-password', 'wrong-password', 'guess-3']) {
      assert.ok(!raw.some((line) => line.includes(secret)), `no log line carries ${secret}`);
    }
  });
});
