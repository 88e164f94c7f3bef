// Runs sipp (Debian sip-tester) in the foreground as a UAC or in the background as a UAS, with a
// hard kill timer so a stuck scenario can never hang the test run. Scenario XMLs live in the
// source tree (tsc does not copy them), so they are resolved from the repository root.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import assert from 'node:assert/strict';
import { freePort } from '../../helpers/ports.js';

export type SipTransport = 'udp' | 'tcp';

/** The directory holding package.json, found by walking up from this (compiled) file. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

/** Path of a scenario file in test/sip/<behaviour>/. */
export function scenario(behaviour: string, file: string): string {
  return join(repoRoot(), 'test', 'sip', behaviour, file);
}

export interface SippOptions {
  /** Scenario XML (absolute path), or one of sipp's built-in scenarios. */
  scenario: string | { builtin: 'uac' | 'uas' };
  transport: SipTransport;
  /** `host:port` to send to; omitted for a UAS that only listens. */
  remote?: string;
  /** Local SIP port; a free one when omitted. */
  localPort?: number;
  /** User part of the Request-URI (`[service]`). */
  service?: string;
  /** Total calls (-m), concurrent calls (-l) and rate in calls/s (-r). */
  calls?: number;
  limit?: number;
  rate?: number;
  /** Seconds before sipp gives up (and fails); the process is killed 5 s later regardless. */
  timeoutSec?: number;
  /** Further sipp flags, e.g. ['-nr'] or ['-au', 'alice', '-ap', 'secret']. */
  extra?: string[];
}

export interface SippResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout + stderr + the error log, for assertion messages. */
  output: string;
}

export interface SippProcess {
  port: number;
  child: ChildProcess;
  done: Promise<SippResult>;
  kill(): void;
}

/**
 * Starts sipp and returns at once (a UAS: once it listens); `done` resolves when it exits.
 * A UAS whose bind fails is retried: on a fresh port when we picked it (node's probe in
 * freePort() succeeds on a port in TIME_WAIT, where sipp, without SO_REUSEADDR, cannot bind);
 * on the same port, after a pause, when the caller chose it (a phone re-using its registered
 * port, which another process of the parallel run may hold for a moment).
 */
export async function startSipp(opts: SippOptions): Promise<SippProcess> {
  const retries = opts.remote ? 0 : 3;
  for (let attempt = 0; ; attempt++) {
    try {
      return await launch(opts, opts.localPort ?? (await freePort()));
    } catch (err) {
      if (attempt >= retries || !(err instanceof Error) || !err.message.includes('Address already in use')) throw err;
      if (opts.localPort !== undefined) await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function launch(opts: SippOptions, port: number): Promise<SippProcess> {
  const logDir = mkdtempSync(join(tmpdir(), 'sipp-'));
  const timeoutSec = opts.timeoutSec ?? 20;
  const args = [
    ...(opts.remote ? [opts.remote] : []),
    ...(typeof opts.scenario === 'string' ? ['-sf', opts.scenario] : ['-sn', opts.scenario.builtin]),
    '-t', opts.transport === 'udp' ? 'u1' : 't1',
    // control (-cp) and media (-mp) ports are left to sipp, which steps past busy ones
    '-i', '127.0.0.1', '-p', String(port),
    '-s', opts.service ?? 'service',
    '-m', String(opts.calls ?? 1), '-l', String(opts.limit ?? opts.calls ?? 1),
    ...(opts.rate ? ['-r', String(opts.rate)] : []),
    '-timeout', `${timeoutSec}s`, '-timeout_error',
    '-nostdin', '-trace_err', '-error_file', join(logDir, 'errors.log'),
    ...(opts.extra ?? []),
  ];
  const child = spawn('sipp', args, { cwd: logDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const killTimer = setTimeout(() => child.kill('SIGKILL'), (timeoutSec + 5) * 1000);
  const done = new Promise<SippResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      const output = `sipp ${args.join(' ')}\n${lastLines(out, 40)}\n${readLogs(logDir)}`;
      rmSync(logDir, { recursive: true, force: true });
      resolve({ code, signal, output });
    });
  });
  const proc = { port, child, done, kill: () => { if (child.exitCode === null) child.kill('SIGKILL'); } };
  // a UAS must be listening before anyone sends to it
  if (!opts.remote) await waitUntilBound(port, opts.transport, done).catch((err: unknown) => { proc.kill(); throw err; });
  return proc;
}

/** Asserts sipp exited 0, i.e. every call of the scenario succeeded. */
export function assertSippOk(result: SippResult, role: string): void {
  assert.equal(result.code, 0, `sipp ${role} failed:\n${result.output}`);
}

/** Resolves once something holds `port` (our sipp), probing by trying to bind it ourselves. */
async function waitUntilBound(port: number, transport: SipTransport, exited: Promise<SippResult>): Promise<void> {
  let gone = false;
  void exited.then(() => { gone = true; });
  for (let i = 0; i < 250 && !gone; i++) {
    if (!(await canBind(port, transport))) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  if (gone) throw new Error(`sipp exited before listening:\n${(await exited).output}`);
  throw new Error(`sipp did not start listening on ${transport} port ${port}`);
}

function canBind(port: number, transport: SipTransport): Promise<boolean> {
  return new Promise((resolve) => {
    if (transport === 'udp') {
      const s = createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
    } else {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    }
  });
}

/** Runs sipp to completion. */
export async function runSipp(opts: SippOptions): Promise<SippResult> {
  return (await startSipp(opts)).done;
}

function lastLines(text: string, n: number): string {
  return text.split('\n').slice(-n).join('\n');
}

/** The start (where the first error is) and the end of a long log. */
function headAndTail(text: string, n: number): string {
  const lines = text.split('\n');
  return lines.length <= 2 * n ? text : [...lines.slice(0, n), '[...]', ...lines.slice(-n)].join('\n');
}

function readLogs(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => `--- ${f}\n${headAndTail(readFileSync(join(dir, f), 'utf8'), 40)}`)
    .join('\n');
}
