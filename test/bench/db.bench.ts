// Data-layer benchmark (prints figures, asserts nothing): fills a fresh database on the
// benchmark Postgres server (BENCH_DATABASE_URL) with 1,000,000 synthetic calls spread over
// 90 days, 20 queues, 200 agents and 100,000 caller numbers, then times typical searches
// through the HTTP API on loopback and prints p50/p95. Aim: p95 < 100 ms.
//   node scripts/run-bench.mjs db        (BENCH_CALLS=200000 for a quicker run)
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { sql } from 'kysely';
import { createApiApp } from '../../server/api/create-api-app.js';
import { createLogger } from '../../server/api/logger.js';
import { createRepositories } from '../../server/db/repositories.js';
import { freshBenchDatabase, percentile } from './bench-database.js';

const totalCalls = Number(process.env.BENCH_CALLS ?? 1_000_000);
const rounds = 200;
const spanSeconds = 90 * 86400;

const bench = await freshBenchDatabase('sb_bench');
const { db } = bench.handle;
let server: Server | undefined;
try {
  const repos = createRepositories(db, { sipRealm: 'switchboard' });
  for (let i = 0; i < 20; i++) await repos.queues.create({ name: `queue-${String(i).padStart(2, '0')}`, strategy: 'longest-idle' });
  for (let i = 0; i < 200; i++) await repos.agents.create({ name: `agent ${i}`, extension: String(1000 + i), sip_username: `agent${i}`, sip_password: 'bench-password' });

  const fillStarted = Date.now();
  const chunk = 100_000;
  for (let from = 1; from <= totalCalls; from += chunk) {
    const to = Math.min(totalCalls, from + chunk - 1);
    // Call g started (g * span / total) seconds ago; caller numbers repeat every 100,000 calls.
    await sql`
      WITH q AS (SELECT array_agg(id ORDER BY name) AS ids FROM queues),
           a AS (SELECT array_agg(id ORDER BY extension) AS ids FROM agents),
           t AS (SELECT g, now() - make_interval(secs => g * ${spanSeconds / totalCalls}::float8) AS started FROM generate_series(${from}::int, ${to}::int) g)
      INSERT INTO calls (direction, status, from_number, to_number, queue_id, agent_id, started_at, answered_at, ended_at, duration_seconds, disposition, hangup_side, hangup_cause)
      SELECT CASE WHEN g % 10 = 0 THEN 'outbound' ELSE 'inbound' END, 'completed',
             '+1555' || lpad(((g::bigint * 7919) % 100000)::text, 7, '0'),
             '+1415555' || lpad((g % 100)::text, 4, '0'),
             q.ids[1 + g % 20],
             CASE WHEN g % 7 = 0 THEN NULL ELSE a.ids[1 + (g / 3) % 200] END,
             started, started + interval '8 seconds', started + make_interval(secs => 8 + (g * 31) % 600),
             8 + (g * 31) % 600,
             CASE WHEN g % 7 = 0 THEN 'abandoned' ELSE 'answered' END, 'caller', 'normal'
      FROM t, q, a`.execute(db);
    process.stdout.write(`\r[bench] filled ${to.toLocaleString('en')} calls`);
  }
  await sql`ANALYZE`.execute(db);
  console.log(` in ${((Date.now() - fillStarted) / 1000).toFixed(1)} s`);

  const app = createApiApp({ db, logger: createLogger({ level: 'silent' }) });
  server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  const admin = await repos.users.create({ username: 'bench', role: 'admin', password: 'bench-password' });
  const { token } = await repos.tokens.issue(admin.id, 'bench', null);
  const queues = (await repos.queues.list({ limit: 20 })).items.map((q) => q.id);
  const agents = (await repos.agents.list({ limit: 200 })).items.map((a) => a.id);
  const day = 86400_000;
  const iso = (ms: number) => new Date(ms).toISOString();

  const searches: [string, (i: number) => string][] = [
    ['last 24 h of a queue', (i) => `/calls?queue_id=${queues[i % queues.length]}&since=${iso(Date.now() - day)}&limit=50`],
    ['by caller number', (i) => `/calls?number=%2B1555${String((i * 104729) % 100000).padStart(7, '0')}&limit=50`],
    ['by agent and day', (i) => { const start = Date.now() - (1 + (i % 80)) * day; return `/calls?agent_id=${agents[i % agents.length]}&since=${iso(start)}&until=${iso(start + day)}&limit=50`; }],
    ['queue, 2nd page (keyset)', (i) => `/calls?queue_id=${queues[i % queues.length]}&limit=50`],
    ['answered, 5-10 min, last 7 days', () => `/calls?disposition=answered&min_duration=300&max_duration=600&since=${iso(Date.now() - 7 * day)}&limit=50`],
  ];

  console.log(`[bench] ${totalCalls.toLocaleString('en')} calls; ${rounds} requests per search through HTTP on loopback`);
  for (const [label, path] of searches) {
    const times: number[] = [];
    let rows = 0;
    for (let i = -20; i < rounds; i++) {
      let target = path(i + 20);
      if (label.includes('2nd page')) {
        const first = await (await fetch(`${base}${target}`, { headers: { authorization: `Bearer ${token}` } })).json() as { next: string | null };
        target += `&after=${first.next}`;
      }
      const started = process.hrtime.bigint();
      const res = await fetch(`${base}${target}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.json() as { items: unknown[] };
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (res.status !== 200) throw new Error(`${target} → ${res.status}`);
      if (i >= 0) { times.push(ms); rows += body.items.length; }
    }
    times.sort((a, b) => a - b);
    console.log(`[bench] ${label.padEnd(32)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms   (${(rows / rounds).toFixed(0)} rows/request)`);
  }

  const exportStarted = Date.now();
  const csv = await (await fetch(`${base}/calls/export.csv?since=${iso(Date.now() - day)}`, { headers: { authorization: `Bearer ${token}` } })).text();
  console.log(`[bench] CSV export of the last 24 h: ${(csv.split('\n').length - 2).toLocaleString('en')} rows in ${Date.now() - exportStarted} ms`);
} finally {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await bench.drop();
}
