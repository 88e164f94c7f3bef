// `npm run bench:sip` (issue 2): the highest call rate with zero failed calls for
//   - uas:   sipp UAC -> engine -> drachtio-srf app answering (createUAS)
//   - b2bua: sipp UAC -> engine -> drachtio-srf app (createB2BUA) -> engine -> sipp UAS
//   - sipp:  sipp UAC -> sipp UAS directly, the ceiling the others are compared with.
// Calls are INVITE -> 200 -> ACK -> (CALL_MS) -> BYE over UDP, at rising rates; the first rate
// with a failed call (twice) ends a rig. The engine (CLI) and the app run as their own processes so that
// their CPU is read from /proc apart from each other and from sipp. Prints figures, asserts nothing.
// Environment: SIP_BENCH_RIGS (e.g. uas,b2bua), SIP_BENCH_RATES (calls/s list), SIP_BENCH_STEP_S,
// SIP_BENCH_CALL_MS.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { untilListening } from './until-listening.js';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../helpers/ports.js';
import { repoRoot, startSipp, type SippResult } from '../sip/helpers/sipp.js';

const RATES = (process.env.SIP_BENCH_RATES ?? '100,200,400,600,800,1000,1200,1600,2000,2500,3000,4000,5000,6000')
  .split(',').map(Number);
const RIGS = (process.env.SIP_BENCH_RIGS ?? 'sipp,uas,b2bua').split(',').filter((r): r is RigName => ['sipp', 'uas', 'b2bua'].includes(r));
const STEP_S = Number(process.env.SIP_BENCH_STEP_S ?? 5);
const CALL_MS = Number(process.env.SIP_BENCH_CALL_MS ?? 3000);
const CLK_TCK = 100; // USER_HZ on Linux: /proc/<pid>/stat times are in 1/100 s

type RigName = 'uas' | 'b2bua' | 'sipp';

interface Step {
  /** Rate asked of sipp. */
  rate: number;
  /** Rate sipp really placed calls at (below `rate` when sipp or the box lags). */
  placed: number;
  /**
   * Calls completed per second: all calls over the step's time less one call length. Below
   * `placed` when the engine or app queue work (calls still succeed, but late).
   */
  served: number;
  ok: boolean;
  failedCalls: string;
  engine?: Cpu;
  app?: Cpu;
}

/** CPU a process used during a step: % of one core over the step, and per call placed. */
interface Cpu { pct: number; msPerCall: number }

const showCpu = (step?: Step): string => (step?.engine && step.app
  ? `  engine ${step.engine.pct}% (${step.engine.msPerCall.toFixed(2)} ms/call)  app ${step.app.pct}% (${step.app.msPerCall.toFixed(2)} ms/call)`
  : '');

const root = repoRoot();
const children: ChildProcess[] = [];
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));

function spawnNode(script: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, [join(root, 'dist', script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[${script.split('/').pop()}] ${d.toString()}`));
  children.push(child);
  return child;
}

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0; // the process is gone
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // fields 14 and 15 of the full line
}

async function untilReady(app: ChildProcess): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('app did not connect')), 10000);
    app.stdout?.on('data', (d: Buffer) => { if (d.toString().includes('ready')) { clearTimeout(timer); resolve(); } });
  });
}

/** Failed-call count from sipp's final statistics screen. */
function failedCalls(r: SippResult): string {
  const m = /Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(r.output);
  return m?.[1] ?? (r.code === 0 ? '0' : '?');
}

/** Engine and app for a rig; none for the sipp-to-sipp ceiling. */
async function startServers(rig: RigName, calleePort: number): Promise<{ sipPort: number; engine?: ChildProcess; app?: ChildProcess }> {
  if (rig === 'sipp') return { sipPort: calleePort };
  const sipPort = await freePort();
  const adminPort = await freePort();
  const engine = spawnNode('server/engine/cli.js', [
    '--contact', `sip:127.0.0.1:${sipPort};transport=udp,tcp`, '--address', '127.0.0.1',
    '--port', String(adminPort), '--secret', 'cymru', '--loglevel', 'warn', '--noconfig',
    // sipp on loopback is the load, not an attacker: exempt it from the engine's flood ban.
    '--local-net', '127.0.0.0/8',
  ]);
  await untilListening(adminPort);
  const app = spawnNode('test/sip/helpers/bench-app.js', rig === 'uas' ? ['uas', String(adminPort)] : ['b2bua', String(adminPort), `127.0.0.1:${calleePort}`]);
  await untilReady(app);
  return { sipPort, engine, app };
}

/** Calls per second sipp really placed, from its statistics CSV (one row per 200 ms). */
function placedRate(csvFile: string, calls: number): number {
  const [head = '', ...rows] = readFileSync(csvFile, 'utf8').trim().split('\n').map((l) => l.split(';'));
  const timeCol = head.indexOf('CurrentTime');
  const placedCol = head.indexOf('OutgoingCall(C)');
  const epoch = (row: string[]): number => Number(row[timeCol]?.split('\t')[2]);
  const first = rows[0];
  const done = rows.find((r) => Number(r[placedCol]) >= calls);
  return first && done ? Math.round(calls / Math.max(epoch(done) - epoch(first), 0.2)) : 0;
}

async function runStep(rig: RigName, rate: number, servers: { sipPort: number; engine?: ChildProcess; app?: ChildProcess }, calleePort: number): Promise<Step> {
  const calls = rate * STEP_S;
  // sipp's 64 KB default socket buffers drop datagrams in bursts at a few hundred calls/s
  const extra = ['-recv_timeout', '10000', '-buff_size', '4194304'];
  const common = { transport: 'udp' as const, calls, limit: calls, timeoutSec: STEP_S + CALL_MS / 1000 + 30, extra };
  const callee = rig === 'uas' ? undefined : await startSipp({ ...common, scenario: { builtin: 'uas' }, localPort: calleePort });
  const csv = join(mkdtempSync(join(tmpdir(), 'sip-bench-')), 'stats.csv');
  const cpu0 = [cpuSeconds(servers.engine?.pid), cpuSeconds(servers.app?.pid)];
  const started = Date.now();
  const caller = await startSipp({
    ...common, scenario: { builtin: 'uac' }, remote: `127.0.0.1:${servers.sipPort}`, rate,
    extra: [...common.extra, '-d', String(CALL_MS), '-trace_stat', '-fd', '200ms', '-stf', csv],
  });
  const result = await caller.done;
  const wall = (Date.now() - started) / 1000;
  const used = (i: 0 | 1, c?: ChildProcess): Cpu | undefined => {
    if (!c) return undefined;
    const seconds = cpuSeconds(c.pid) - (cpu0[i] ?? 0);
    return { pct: Math.round((100 * seconds) / wall), msPerCall: (1000 * seconds) / calls };
  };
  // the far end's verdict counts too; it lingers 4 s after its last call (sipp's timewait)
  const calleeResult = await callee?.done;
  const ok = result.code === 0 && (!calleeResult || calleeResult.code === 0);
  if (!ok) {
    const log = join(tmpdir(), `sip-bench-${rig}-${rate}.log`);
    writeFileSync(log, `=== caller\n${result.output}\n=== callee\n${calleeResult?.output ?? '-'}\n`);
    console.log(`  (sipp exit codes: caller ${result.code}, callee ${calleeResult?.code ?? '-'}; sipp output in ${log})`);
  }
  const placed = placedRate(csv, calls);
  const served = Math.round(calls / Math.max(wall - CALL_MS / 1000, 0.001));
  rmSync(dirname(csv), { recursive: true, force: true });
  return { rate, placed, served, ok, failedCalls: failedCalls(result), engine: used(0, servers.engine), app: used(1, servers.app) };
}

function report(rig: RigName, step: Step, note = ''): void {
  const verdict = step.ok ? 'ok' : `FAILED (${step.failedCalls} failed calls)`;
  console.log(`  ${rig.padEnd(5)} ${String(step.rate).padStart(5)} calls/s ${note}(placed ~${step.placed}, served ~${step.served}): ${verdict}${showCpu(step)}`);
}

/** One step on a fresh engine, app and far end, so nothing left over from a step disturbs the next. */
async function freshStep(rig: RigName, rate: number): Promise<Step> {
  const calleePort = await freePort();
  const servers = await startServers(rig, calleePort);
  try {
    return await runStep(rig, rate, servers, calleePort);
  } finally {
    for (const child of [servers.app, servers.engine]) {
      if (child && child.exitCode === null) {
        child.kill();
        await once(child, 'exit');
      }
    }
  }
}

async function benchRig(rig: RigName): Promise<Step | undefined> {
  let best: Step | undefined;
  for (const rate of RATES) {
    // a failed step is run once more: on a shared box one stray stall should not end the ramp
    let step = await freshStep(rig, rate);
    report(rig, step);
    if (!step.ok) report(rig, (step = await freshStep(rig, rate)), 'again ');
    if (!step.ok) break;
    if (!best || step.served > best.served) best = step;
    // calls are placed or served well below the rate asked: higher rates would measure nothing new
    if (Math.min(step.placed, step.served) < 0.75 * rate) break;
  }
  return best;
}

console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
const results = new Map<RigName, Step | undefined>();
for (const rig of RIGS) {
  console.log(`\n${rig}: ${STEP_S} s of calls per rate, ${CALL_MS} ms per call, UDP`);
  results.set(rig, await benchRig(rig));
}

const ceiling = results.get('sipp')?.served ?? 0;
console.log('\nhighest rate served with zero failed calls (CPU over that step: % of one core, and per call)');
for (const [rig, best] of results) {
  const rate = best?.served ?? 0;
  const ratio = rig === 'sipp' || !ceiling ? '' : `  = ${(rate / ceiling).toFixed(2)} of sipp-to-sipp`;
  console.log(`  ${rig.padEnd(5)} ${String(rate).padStart(5)} calls/s (asked ${best?.rate ?? 0}, placed ${best?.placed ?? 0})${showCpu(best)}${ratio}`);
}
console.log('  (C++ drachtio-server on this machine: UAS ~1,600-2,500, B2BUA ~800, sipp-to-sipp 5,000 calls/s)');
