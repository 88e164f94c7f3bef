#!/usr/bin/env node
// What `npm start` runs after bootstrap: keeps the center process alive. It starts
// `node <main.js> [args]`; when the center dies in any way other than a stop we asked for
// (a crash, an exit, kill -9) it logs the exit code or signal and starts it again within a
// second. If it keeps crashing (CRASH_LIMIT restarts within CRASH_WINDOW_MS) it says so and
// waits longer before each further try. SIGINT/SIGTERM are passed to the center for a clean
// stop, and the supervisor then exits 0. Plain Node, no dependencies: it runs before anything
// is known to be installed. In production systemd does this job (README: "Running in production").
//
// Usage: supervise.mjs <main.js> [args...]
import { spawn } from 'node:child_process';

const RESTART_DELAY_MS = Number(process.env.SUPERVISOR_RESTART_DELAY_MS ?? 1000);
const CRASH_LIMIT = 5;
const CRASH_WINDOW_MS = 60_000;
const BACKOFF_DELAY_MS = Number(process.env.SUPERVISOR_BACKOFF_DELAY_MS ?? 30_000);
/** A stop that takes longer than this is finished with SIGKILL: the center's drain (SIGTERM) plus 30 s. */
const STOP_TIMEOUT_MS = (Number(process.env.DRAIN_TIMEOUT_SECONDS || 300) + 30) * 1000;

const [main, ...args] = process.argv.slice(2);
if (!main) {
  console.error('[supervisor] usage: supervise.mjs <main.js> [args...]');
  process.exit(2);
}

const log = (line) => process.stderr.write(`[supervisor] ${new Date().toISOString()} ${line}\n`);
let child = null;
let stopping = false;
let restartTimer;
const restarts = [];

function start() {
  child = spawn(process.execPath, [main, ...args], { stdio: 'inherit' });
  log(`center started (pid ${child.pid})`);
  child.once('exit', (code, signal) => {
    child = null;
    if (stopping) {
      log(`center stopped (${signal ?? `exit code ${code}`})`);
      process.exit(code === 0 || signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1);
    }
    const now = Date.now();
    while (restarts.length && now - restarts[0] > CRASH_WINDOW_MS) restarts.shift();
    restarts.push(now);
    const crashing = restarts.length > CRASH_LIMIT;
    const delay = crashing ? BACKOFF_DELAY_MS : RESTART_DELAY_MS;
    log(`center died (${signal ? `signal ${signal}` : `exit code ${code}`}); restart ${restarts.length} in the last ${CRASH_WINDOW_MS / 1000} s, in ${delay} ms` +
      (crashing ? ` (it keeps crashing: more than ${CRASH_LIMIT} restarts in ${CRASH_WINDOW_MS / 1000} s, so waiting longer; see its output above)` : ''));
    restartTimer = setTimeout(start, delay);
  });
}

function stop(sig) {
  if (stopping) return;
  stopping = true;
  clearTimeout(restartTimer);
  if (!child) {
    log(`stopped by ${sig}`);
    process.exit(0);
  }
  log(`${sig}: stopping the center (pid ${child.pid})`);
  child.kill(sig);
  setTimeout(() => {
    log(`center did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it`);
    child?.kill('SIGKILL');
  }, STOP_TIMEOUT_MS).unref();
}

process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
start();
