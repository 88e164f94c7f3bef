// `npm run bench:center` (issue 18): one node, the whole path — not the bare engine. sipp as
// the carrier calls the demo number with RTP, presses 1 in the IVR (RFC 4733), waits in the
// sales queue and is answered by a sipp "agent" (every bench agent registered with digest, all
// Contacts on one sipp that answers with PCMU and echoes RTP); the call is recorded (always on
// answer) and the caller hangs up after CALL_MS. Steps of rising call rate until the first
// failed call (sipp failure, or a record that is not an answered call) print, per step: calls/s,
// peak concurrent calls, CPU per call of the engine / the app / rtpengine, app memory per
// concurrent call and the post-dial delay the ACD adds (queue entry to first offer, p50/p99);
// then SOAK_S at half the best rate with the app's RSS sampled every 30 s (flat is the goal).
// The engine runs as its own process (the drachtio-compatible CLI the app connects to, as a
// site with drachtio-server does) so its CPU is read apart from the app's; the app is this
// process. Prints figures, asserts nothing.
// Environment: CENTER_BENCH_RATES (calls/s list), CENTER_BENCH_STEP_S, CENTER_BENCH_CALL_MS,
// CENTER_BENCH_AGENTS, CENTER_BENCH_SOAK_S (0 skips the soak).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { untilListening } from './until-listening.js';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createLogger } from '../../server/api/logger.js';
import { startSwitchboard, type Switchboard } from '../../server/switchboard.js';
import { freePort, freePorts } from '../helpers/ports.js';
import { repoRoot, startSipp, type SippProcess, type SippResult } from '../sip/helpers/sipp.js';
import { createRepositories } from '../../server/db/repositories.js';
import { createTestDatabase } from '../db/test-databases.js';

const RATES = (process.env.CENTER_BENCH_RATES ?? '2,4,6,8,10,13,16,20,25,30').split(',').map(Number);
const STEP_S = Number(process.env.CENTER_BENCH_STEP_S ?? 15);
const CALL_MS = Number(process.env.CENTER_BENCH_CALL_MS ?? 4000);
const AGENTS = Number(process.env.CENTER_BENCH_AGENTS ?? 200);
const SOAK_S = Number(process.env.CENTER_BENCH_SOAK_S ?? 600);
const CLK_TCK = 100;
const NUMBER = '15550100';

const children: ChildProcess[] = [];
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
const scenarioFile = (f: string) => join(repoRoot(), 'test', 'bench', 'center', f);

/** utime + stime of a process, in seconds (0 when it is gone). */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}
const appCpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const rssMb = () => process.memoryUsage.rss() / 2 ** 20;

function failedCalls(r: SippResult): number {
  const m = /Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(r.output);
  return m ? Number(m[1]) : r.code === 0 ? 0 : -1;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0) : 0;
};

interface Center { sb: Switchboard; sipPort: number; engine: ChildProcess; dataDir: string; drop(): Promise<void> }

async function startCenterNode(): Promise<Center> {
  process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL;
  const database = await createTestDatabase('postgres', { migrate: false });
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-center-'));
  const [sipPort, adminPort, httpPort, ngPort, wssPort, tlsPort] = await freePorts(6);
  const engine = spawn(process.execPath, [join(repoRoot(), 'dist', 'server', 'engine', 'cli.js'),
    '--contact', `sip:127.0.0.1:${sipPort};transport=udp`, '--address', '127.0.0.1', '--port', String(adminPort), '--secret', 'bench', '--loglevel', 'warn', '--noconfig',
    // sipp on loopback is the load, not an attacker: exempt it from the engine's flood ban.
    '--local-net', '127.0.0.0/8'], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(engine);
  await untilListening(adminPort);
  const sb = await startSwitchboard({
    app: { database: { url: database.url ?? '' }, http: { host: '127.0.0.1', port: httpPort }, sipRealm: 'switchboard', mediaDir: join(dataDir, 'media'), dataDir, adminPassword: 'bench-admin-pw' },
    telephony: {
      sip: { host: '127.0.0.1', port: sipPort, wssPort, tlsPort },
      drachtio: { host: '127.0.0.1', port: adminPort, secret: 'bench' },
      media: { host: '127.0.0.1', portMin: 42000, ngPort, instances: 1, maxCalls: 400 },
    },
    logger: createLogger({ level: 'warn' }),
    demo: { wrapUpSeconds: 1 },
  });
  return { sb, sipPort, engine, dataDir, drop: async () => { await sb.stop(); engine.kill(); await database.drop(); rmSync(dataDir, { recursive: true, force: true }); } };
}

/** AGENTS agents in the demo's sales queue, registered on one answering sipp, logged in and ready. */
async function staffAgents(c: Center): Promise<SippProcess> {
  const repos = createRepositories(c.sb.database.db, { sipRealm: 'switchboard' });
  const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  if (!sales) throw new Error('no sales queue in the demo');
  const ids: string[] = [];
  const credentials: [string, string][] = [];
  for (let i = 0; i < AGENTS; i++) {
    const name = `bench${i}`;
    const password = `bench-pw-${i}`;
    const user = await repos.users.create({ username: name, display_name: name, email: null, role: 'agent', password });
    const agent = await repos.agents.create({ user_id: user.id, name, extension: String(2000 + i), sip_username: name, sip_password: password, wrap_up_seconds: 1 });
    await repos.queues.addMember(sales.id, { agent_id: agent.id });
    ids.push(agent.id);
    credentials.push([name, password]);
  }
  // One REGISTER with digest per agent (sipp's credentials are per process), each sent from
  // the port the answering sipp then listens on: a Contact that is not where its REGISTER
  // came from would be taken for a phone behind NAT (server/sip/nat-route.ts).
  const agentsPort = await freePort();
  for (const [name, password] of credentials) {
    const r = await (await startSipp({
      scenario: scenarioFile('agent-register.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, localPort: agentsPort, service: name, timeoutSec: 20,
      extra: ['-au', name, '-ap', password, '-key', 'agents_port', String(agentsPort)],
    })).done;
    if (r.code !== 0) throw new Error(`agent ${name} did not register: ${r.output.slice(-1500)}`);
  }
  const agents = await startSipp({ scenario: scenarioFile('agent-uas.xml'), transport: 'udp', localPort: agentsPort, calls: 1_000_000, limit: 1_000_000, timeoutSec: 100_000, extra: ['-rtp_echo', '-nr'] });
  // The ACD learns of the agents and memberships created above through the provisioning feed.
  for (let i = 0; i < 100 && c.sb.acd.snapshot().agents.length < AGENTS + 2; i++) await new Promise((res) => setTimeout(res, 100));
  for (const id of ids) {
    // Login makes an agent available (agent-state-machine.ts).
    await c.sb.acd.agentLogin(id);
  }
  return agents;
}

interface Step {
  rate: number; calls: number; failed: number; seconds: number; peakCalls: number;
  engineMs: number; appMs: number; rtpMs: number; memKbPerCall: number; pddP50: number; pddP99: number;
}

async function runStep(c: Center, rate: number): Promise<Step> {
  const calls = Math.max(1, Math.round(rate * STEP_S));
  const since = new Date();
  const rtpPid = Object.values(c.sb.media.pids())[0];
  const before = { engine: cpuSeconds(c.engine.pid), app: appCpuSeconds(), rtp: cpuSeconds(rtpPid), rss: rssMb() };
  let peakCalls = 0;
  let peakRss = before.rss;
  const sampler = setInterval(() => { peakCalls = Math.max(peakCalls, c.sb.callCenter.calls.size); peakRss = Math.max(peakRss, rssMb()); }, 250);
  const started = Date.now();
  const sipp = await startSipp({ scenario: scenarioFile('caller-ivr-digit.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: NUMBER, calls, limit: 100_000, rate, timeoutSec: STEP_S + 60, extra: ['-d', String(CALL_MS), '-nr'] });
  const result = await sipp.done;
  const seconds = (Date.now() - started) / 1000;
  // Let the last records close and agents leave wrap-up before the next step.
  for (let i = 0; i < 40 && c.sb.callCenter.calls.size > 0; i++) await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, 1500));
  clearInterval(sampler);
  const db = c.sb.database.db;
  const records = (await sql<{ n: number; answered: number }>`SELECT count(*)::int AS n, count(*) FILTER (WHERE disposition = 'answered' AND agent_id IS NOT NULL)::int AS answered FROM calls WHERE started_at >= ${since}`.execute(db)).rows[0];
  const pdd = (await sql<{ ms: number }>`SELECT extract(epoch FROM (min(o.at) - e.at)) * 1000 AS ms FROM call_events e JOIN call_events o ON o.call_id = e.call_id AND o.event = 'offered'
    WHERE e.event = 'entered' AND e.at >= ${since} GROUP BY e.call_id, e.at`.execute(db)).rows.map((r) => Number(r.ms));
  const sippFailed = failedCalls(result);
  const notAnswered = (records?.n ?? 0) - (records?.answered ?? 0);
  const failed = sippFailed < 0 ? calls : sippFailed + Math.max(0, notAnswered) + Math.max(0, calls - (records?.n ?? 0));
  if (failed > 0) {
    const why = (await sql<{ disposition: string | null; hangup_cause: string | null; n: number }>`SELECT disposition, hangup_cause, count(*)::int AS n FROM calls WHERE started_at >= ${since} GROUP BY 1, 2`.execute(db)).rows;
    console.log(`  failed calls: sipp ${sippFailed}, records ${JSON.stringify(why)}${sippFailed !== 0 ? `\n${result.output.slice(-1200)}` : ''}`);
  }
  const perCall = (s: number) => (s * 1000) / calls;
  return {
    rate, calls, failed, seconds, peakCalls,
    engineMs: perCall(cpuSeconds(c.engine.pid) - before.engine), appMs: perCall(appCpuSeconds() - before.app), rtpMs: perCall(cpuSeconds(rtpPid) - before.rtp),
    memKbPerCall: peakCalls > 0 ? ((peakRss - before.rss) * 1024) / peakCalls : 0,
    pddP50: percentile(pdd, 50), pddP99: percentile(pdd, 99),
  };
}

function show(s: Step): string {
  return `${String(s.rate).padStart(3)} calls/s  ${s.calls} calls  ${s.failed === 0 ? 'ok    ' : `FAILED ${s.failed}`}  peak ${String(s.peakCalls).padStart(3)} concurrent` +
    `  cpu/call engine ${s.engineMs.toFixed(2)} ms  app ${s.appMs.toFixed(2)} ms  rtpengine ${s.rtpMs.toFixed(2)} ms` +
    `  app memory ${s.memKbPerCall.toFixed(0)} KB/call  ACD post-dial delay p50 ${s.pddP50.toFixed(1)} ms p99 ${s.pddP99.toFixed(1)} ms`;
}

async function main(): Promise<void> {
  console.log(`bench:center on ${cpus().length} cores: ${AGENTS} agents, ${STEP_S} s steps, calls of ${CALL_MS} ms after the IVR digit, recording on`);
  const c = await startCenterNode();
  let best: Step | undefined;
  try {
    const agents = await staffAgents(c);
    for (const rate of RATES) {
      const step = await runStep(c, rate);
      console.log(show(step));
      if (step.failed > 0) break;
      best = step;
    }
    if (best) {
      console.log(`\nhighest zero-failure rate: ${best.rate} calls/s, ${best.peakCalls} concurrent calls; per call: engine ${best.engineMs.toFixed(2)} ms, app ${best.appMs.toFixed(2)} ms, rtpengine ${best.rtpMs.toFixed(2)} ms CPU; app memory ${best.memKbPerCall.toFixed(0)} KB per concurrent call; ACD post-dial delay p50 ${best.pddP50.toFixed(1)} ms, p99 ${best.pddP99.toFixed(1)} ms`);
    } else console.log('\nno step without a failed call');
    if (best && SOAK_S > 0) {
      const rate = Math.max(1, Math.floor(best.rate / 2));
      console.log(`\nsoak: ${SOAK_S} s at ${rate} calls/s, app RSS every 30 s`);
      const samples: string[] = [];
      const sampler = setInterval(() => samples.push(`${rssMb().toFixed(0)} MB`), 30_000);
      const sipp = await startSipp({ scenario: scenarioFile('caller-ivr-digit.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: NUMBER, calls: rate * SOAK_S, limit: 100_000, rate, timeoutSec: SOAK_S + 120, extra: ['-d', String(CALL_MS), '-nr'] });
      const result = await sipp.done;
      clearInterval(sampler);
      console.log(`soak: ${rate * SOAK_S} calls, ${failedCalls(result)} failed; RSS ${samples.join(', ')}`);
    }
    agents.kill();
  } finally {
    await c.drop();
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
