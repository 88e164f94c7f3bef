// Reports benchmark (prints figures, asserts nothing): a fresh database on the benchmark
// Postgres server (BENCH_DATABASE_URL) gets a year of synthetic history — BENCH_CALLS calls
// (2,000,000 by default) over 365 days, 10 queues, 100 agents, each with its queue events as
// the ACD writes them (entered; answered or abandoned; completed or transferred) and a wrap-up
// code, and each agent a day shift of states (logged in, calls rung, talked and wrapped up, a
// lunch break, logged out; as many calls a day as the history gives each agent) — then the
// queue and agent reports are timed through the HTTP API on loopback: queue or agent × day for
// a month and × 15 minutes for a week, p50/p95 over 50 requests each. The baseline, in the same
// run, is a bare count(*) of the events those reports stand for: what any report over them
// costs at least.
//   npm run bench:reports            (BENCH_CALLS=200000 for a quicker run)
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { sql } from 'kysely';
import { createApiApp } from '../../server/api/create-api-app.js';
import { createLogger } from '../../server/api/logger.js';
import { createRepositories } from '../../server/db/repositories.js';
import { freshBenchDatabase, percentile } from './bench-database.js';

const totalCalls = Number(process.env.BENCH_CALLS ?? 2_000_000);
const rounds = 50;
const spanSeconds = 365 * 86400;
const DAY = 86_400_000;

async function timed(rounds: number, run: (i: number) => Promise<number>): Promise<{ p50: number; p95: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = -5; i < rounds; i++) {
    const started = process.hrtime.bigint();
    const n = await run(i + 5);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (i >= 0) { times.push(ms); rows += n; }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), rows: rows / rounds };
}

const bench = await freshBenchDatabase('sb_reports');
const { db } = bench.handle;
let server: Server | undefined;
try {
  const repos = createRepositories(db, { sipRealm: 'switchboard' });
  for (let i = 0; i < 10; i++) await repos.queues.create({ name: `queue-${i}`, strategy: 'longest-idle' });
  for (let i = 0; i < 100; i++) await repos.agents.create({ name: `agent ${i}`, extension: String(2000 + i), sip_username: `agent${i}`, sip_password: 'bench-password' });

  const fillStarted = Date.now();
  const chunk = 100_000;
  for (let from = 1; from <= totalCalls; from += chunk) {
    const to = Math.min(totalCalls, from + chunk - 1);
    // Call g entered its queue (g * span / total) s ago; one in 8 abandons, one in 12 answered is transferred.
    await sql`
      WITH q AS (SELECT array_agg(id ORDER BY name) AS ids FROM queues),
           a AS (SELECT array_agg(id ORDER BY extension) AS ids FROM agents),
           t AS (SELECT g, now() - make_interval(secs => g * ${spanSeconds / totalCalls}::float8) AS entered FROM generate_series(${from}::int, ${to}::int) g),
           c AS (
             INSERT INTO calls (direction, status, from_number, to_number, queue_id, agent_id, started_at, queue_entered_at, ended_at, disposition, wrap_up_code)
             SELECT 'inbound', 'completed', '+1555' || lpad(((g::bigint * 7919) % 100000)::text, 7, '0'), '+15550100', q.ids[1 + g % 10],
                    CASE WHEN g % 8 = 0 THEN NULL ELSE a.ids[1 + (g / 3) % 100] END, entered, entered, entered + interval '5 minutes',
                    CASE WHEN g % 8 = 0 THEN 'abandoned' ELSE 'answered' END,
                    CASE WHEN g % 8 = 0 THEN NULL ELSE (ARRAY['sale', 'no-sale', 'callback'])[1 + g % 3] END
             FROM t, q, a RETURNING id, queue_id, agent_id, queue_entered_at, disposition
           ),
           w AS (SELECT c.*, (extract(epoch from c.queue_entered_at)::bigint * 37) % 90 AS wait FROM c)
      INSERT INTO call_events (call_id, event, queue_id, agent_id, data, at)
      SELECT id, 'entered', queue_id, NULL, '{}'::jsonb, queue_entered_at FROM w
      UNION ALL
      SELECT id, CASE WHEN disposition = 'abandoned' THEN 'abandoned' ELSE 'answered' END, queue_id, agent_id,
             jsonb_build_object('waitSeconds', wait), queue_entered_at + make_interval(secs => wait) FROM w
      UNION ALL
      SELECT id, CASE WHEN wait % 12 = 0 THEN 'transferred' ELSE 'completed' END, queue_id, agent_id,
             jsonb_build_object('talkSeconds', 30 + wait * 4), queue_entered_at + make_interval(secs => wait + 30 + wait * 4) FROM w WHERE disposition = 'answered'`.execute(db);
    process.stdout.write(`\r[bench] filled ${to.toLocaleString('en')} calls`);
  }
  const events = await sql<{ n: string }>`SELECT count(*) AS n FROM call_events`.execute(db);
  console.log(` and ${Number(events.rows[0]?.n ?? 0).toLocaleString('en')} queue events in ${((Date.now() - fillStarted) / 1000).toFixed(1)} s`);

  // Agent k works 8 hours from (k % 16) h each day: logs in, takes `perDay` calls (rung 10 s,
  // talks 60-300 s, wraps up 30 s, then is available), has a 30-minute lunch halfway, logs out.
  const statesStarted = Date.now();
  const perDay = Math.max(1, Math.round((totalCalls * 7) / 8 / 100 / 365));
  const slot = 27_000 / perDay;
  for (let day = 0; day < 365; day += 10) {
    await sql`
      WITH a AS (SELECT id, row_number() OVER (ORDER BY extension) - 1 AS k FROM agents),
           shift AS (SELECT a.id, date_trunc('day', now()) - make_interval(days => d) + make_interval(hours => (a.k % 16)::int) AS base
                     FROM a, generate_series(${day}::int, ${Math.min(364, day + 9)}::int) d),
           cycle AS (SELECT id, base + make_interval(secs => j * ${slot}::float8 + CASE WHEN j >= ${Math.floor(perDay / 2)} THEN 1800 ELSE 0 END) AS t, 60 + (j * 37) % 240 AS talk
                     FROM shift, generate_series(0, ${perDay - 1}::int) j),
           rows AS (
             SELECT id, 'available'::text AS state, NULL::text AS reason, base AS at FROM shift
             UNION ALL SELECT id, 'away', 'lunch', base + make_interval(secs => ${Math.floor(perDay / 2) * slot}::float8) FROM shift
             UNION ALL SELECT id, 'available', NULL, base + make_interval(secs => ${Math.floor(perDay / 2) * slot + 1800}::float8) FROM shift
             UNION ALL SELECT id, 'offline', NULL, base + interval '8 hours' FROM shift
             UNION ALL SELECT id, 'ringing', NULL, t FROM cycle
             UNION ALL SELECT id, 'on-call', NULL, t + interval '10 seconds' FROM cycle
             UNION ALL SELECT id, 'wrap-up', NULL, t + make_interval(secs => 10 + talk) FROM cycle
             UNION ALL SELECT id, 'available', NULL, t + make_interval(secs => 40 + talk) FROM cycle
           )
      INSERT INTO agent_state_events (agent_id, state, reason, at)
      SELECT id, state, reason, at FROM rows WHERE at < now() ORDER BY at, id`.execute(db);
    process.stdout.write(`\r[bench] filled ${Math.min(365, day + 10)} days of agent states`);
  }
  const states = await sql<{ n: string }>`SELECT count(*) AS n FROM agent_state_events`.execute(db);
  console.log(`: ${Number(states.rows[0]?.n ?? 0).toLocaleString('en')} state rows (${perDay} calls per agent a day) in ${((Date.now() - statesStarted) / 1000).toFixed(1)} s`);
  await sql`ANALYZE`.execute(db);

  const app = createApiApp({ db, logger: createLogger({ level: 'silent' }) });
  server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  const admin = await repos.users.create({ username: 'bench', role: 'admin', password: 'bench-password' });
  const { token } = await repos.tokens.issue(admin.id, 'bench', null);
  const iso = (ms: number) => new Date(ms).toISOString();
  const get = async (path: string): Promise<number> => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${path} → ${res.status} ${await res.text()}`);
    return ((await res.json()) as { items: unknown[] }).items.length;
  };
  // Each round a different month / week of the year, so no two requests read the same rows.
  const month = (i: number) => { const until = Date.now() - (i % 11) * 30 * DAY; return { since: until - 30 * DAY, until }; };
  const week = (i: number) => { const until = Date.now() - (i % 50) * 7 * DAY; return { since: until - 7 * DAY, until }; };
  const cases: [string, 'queues' | 'agents', (i: number) => { since: number; until: number }, string][] = [
    ['queue × day, a month', 'queues', month, 'day'],
    ['queue × 15 min, a week', 'queues', week, '15m'],
    ['agent × day, a month', 'agents', month, 'day'],
    ['agent × 15 min, a week', 'agents', week, '15m'],
  ];
  console.log(`[bench] ${totalCalls.toLocaleString('en')} calls over a year; ${rounds} requests per report through HTTP on loopback`);
  for (const [label, kind, period, interval] of cases) {
    // An agent report stands for the agents' state rows; a queue report for the queue events.
    const events = kind === 'agents' ? sql.table('agent_state_events') : sql.table('call_events');
    const baseline = await timed(rounds, async (i) => {
      const p = period(i);
      const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ${events} WHERE at >= ${new Date(p.since)} AND at < ${new Date(p.until)}`.execute(db);
      return Number(r.rows[0]?.n ?? 0);
    });
    const report = await timed(rounds, async (i) => { const p = period(i); return get(`/reports/${kind}?since=${iso(p.since)}&until=${iso(p.until)}&interval=${interval}&time_zone=America/New_York`); });
    console.log(`[bench] ${label.padEnd(24)} p50 ${report.p50.toFixed(1).padStart(7)} ms   p95 ${report.p95.toFixed(1).padStart(7)} ms   (${report.rows.toFixed(0)} rows)   baseline count(*) of its ${baseline.rows.toFixed(0)} ${kind === 'agents' ? 'states' : 'events'} p95 ${baseline.p95.toFixed(1)} ms → ${(report.p95 / baseline.p95).toFixed(1)}×`);
  }
} finally {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await bench.drop();
}
