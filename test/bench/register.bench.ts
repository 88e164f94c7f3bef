// `node scripts/run-bench.mjs register` (issue 4, point 6): REGISTER-with-digest throughput
// through engine + registrar + Postgres. sipp registers 1,000 accounts from a CSV (each call:
// REGISTER -> 401 -> REGISTER with digest -> 200, i.e. two transactions, one HA1 lookup and
// one upsert) at rising rates; the highest rate with zero failures is reported. The engine
// (CLI) and the registrar app run as processes of their own, as in production.
// Reference: C++ drachtio-server + a drachtio-srf app with a fixed password, no database:
// about 2,000 challenged registrations/s on this machine.
// Environment: REG_BENCH_RATES (list), REG_BENCH_STEP_S (seconds per rate), REG_BENCH_APP_FLAGS
// (node flags for the registrar process, e.g. --cpu-prof).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createRepositories, migrateToLatest, openDatabase } from '../../server/db/index.js';
import { freePort } from '../helpers/ports.js';
import { repoRoot, startSipp } from '../sip/helpers/sipp.js';

const RATES = (process.env.REG_BENCH_RATES ?? '250,500,1000,1500,2000,2500,3000').split(',').map(Number);
const STEP_S = Number(process.env.REG_BENCH_STEP_S ?? 5);
const ACCOUNTS = 1000;
const REALM = 'bench.switchboard';
const root = repoRoot();
const children: ChildProcess[] = [];
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));

/** Starts `node dist/<script>` and resolves once its stdout shows `readyText`. */
async function startNode(script: string, args: string[], readyText: string, nodeFlags: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeFlags, join(root, 'dist', script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[${script.split('/').pop()}] ${d.toString()}`));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not print '${readyText}'`)), 15000);
    child.stdout?.on('data', (d: Buffer) => { if (d.toString().includes(readyText)) { clearTimeout(timer); resolve(); } });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return child;
}

/** CPU seconds (user + system) a process has used so far; fields 14 and 15 of /proc/<pid>/stat, in 1/100 s. */
function cpuOf(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function freshDatabase(serverUrl: string): Promise<string> {
  const name = `sb_bench_register_${Date.now()}`;
  const admin = await openDatabase({ url: serverUrl, maxConnections: 1 });
  await sql.raw(`CREATE DATABASE ${name}`).execute(admin.db);
  await admin.close();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function main(): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) throw new Error('BENCH_DATABASE_URL is not set: run through scripts/run-bench.mjs');
  const url = await freshDatabase(serverUrl);
  const handle = await openDatabase({ url, maxConnections: 4 });
  await migrateToLatest(handle.db);
  const repos = createRepositories(handle.db, { sipRealm: REALM });
  const dir = mkdtempSync(join(tmpdir(), 'register-bench-'));
  const csv = join(dir, 'accounts.csv');
  const lines = ['SEQUENTIAL'];
  for (let i = 0; i < ACCOUNTS; i++) {
    const user = `agent${10000 + i}`;
    await repos.agents.create({ name: user, extension: String(10000 + i), sip_username: user, sip_password: `pw-${user}`, user_id: null });
    lines.push(`${user};pw-${user}`);
  }
  writeFileSync(csv, lines.join('\n') + '\n');

  const sipPort = await freePort();
  const adminPort = await freePort();
  const engine = await startNode('server/engine/cli.js', [
    '--contact', `sip:127.0.0.1:${sipPort};transport=udp,tcp`, '--address', '127.0.0.1',
    '--port', String(adminPort), '--secret', 'cymru', '--loglevel', 'info', '--stdout', '--noconfig',
    // sipp on loopback is the load, not an attacker: exempt it from the engine's flood ban.
    '--local-net', '127.0.0.0/8',
  ], 'engine listening');
  const app = await startNode('test/phones/helpers/registrar-app.js', [String(adminPort), url, REALM], 'ready',
    (process.env.REG_BENCH_APP_FLAGS ?? '').split(' ').filter(Boolean));

  console.log(`REGISTER with digest (401 + authenticated REGISTER + Postgres upsert), ${ACCOUNTS} accounts, ${STEP_S} s per rate, UDP`);
  let best = 0;
  for (const rate of RATES) {
    const calls = rate * STEP_S;
    const cpu0 = [cpuOf(engine), cpuOf(app)];
    const started = Date.now();
    const sipp = await startSipp({
      scenario: join(root, 'test', 'phones', 'helpers', 'sipp', 'register-csv.xml'), transport: 'udp',
      remote: `127.0.0.1:${sipPort}`, calls, limit: Math.max(200, rate), rate, timeoutSec: STEP_S + 30,
      extra: ['-inf', csv, '-recv_timeout', '10000', '-buff_size', '4194304'],
    });
    const result = await sipp.done;
    const seconds = (Date.now() - started) / 1000;
    const failed = /Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(result.output)?.[1] ?? (result.code === 0 ? '0' : '?');
    const ok = result.code === 0;
    const achieved = Math.round(calls / seconds);
    const msPer = (child: ChildProcess, i: number): string => ((1000 * (cpuOf(child) - (cpu0[i] ?? 0))) / calls).toFixed(2);
    console.log(`  asked ${String(rate).padStart(5)}/s: ${ok ? 'ok  ' : 'FAIL'} ${calls} registrations in ${seconds.toFixed(1)} s ` +
      `(${achieved}/s end to end), failed ${failed}; CPU per registration: engine ${msPer(engine, 0)} ms, registrar ${msPer(app, 1)} ms`);
    if (!ok) {
      const log = join(tmpdir(), `register-bench-${rate}.log`);
      writeFileSync(log, result.output);
      console.log(`  (sipp output in ${log})`);
      break;
    }
    best = Math.max(best, achieved);
    // past saturation more load only queues up in sipp
    if (achieved < rate * 0.85) break;
  }
  const rows = await repos.registrations.current(`sip:agent10000@${REALM}`);
  console.log(`best throughput with zero failures: ${best} challenged registrations/s (reference: C++ drachtio-server, fixed password, no database: ~2000/s)`);
  console.log(`sanity: agent10000 bound ${rows.length} contact(s) (one per sipp run: each has its own port)`);
  console.log(`machine load average (1 min) at the end: ${loadavg()[0]?.toFixed(2)} on ${cpus().length} cores`);
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
  // a clean exit lets the registrar write what its node flags asked for (a CPU profile)
  app.kill('SIGTERM');
  await new Promise((r) => app.once('exit', r));
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
