#!/usr/bin/env node
// `npm test` after bootstrap: lint, then every test file under dist/test, one node process per
// file (as `node --test` does), against a throwaway Postgres unless DATABASE_URL names one.
// Fails if tsc failed.
//
// A file gets a time limit (TEST_FILE_TIMEOUT_MS, default 5 min; a file may ask for more with a
// `test-file-timeout: <n> min` comment). A file over its limit is asked what is still open
// (test-watchdog.mjs prints its active resources and child processes), then its whole process
// group is killed, and the run goes on; so does a file that leaves processes behind (found in
// its process group, or by the run's own TMPDIR in their command line): they are named, killed,
// and the file fails. The end prints the total time and a line CI reads: `N passed, N failed`.
//
// Usage: run-tests.mjs <tscStatus> [filter...]  (filters keep test files whose path contains one)
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestPostgres } from './test-postgres.mjs';
import { processesIn, processesNaming, killAll } from './test-processes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [tscStatus = '0', ...filters] = process.argv.slice(2);
const defaultTimeoutMs = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 5 * 60_000);
const startedAt = Date.now();

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'bench' ? [] : testFiles(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

/** The file's own limit (`test-file-timeout: 10 min` in a comment near its top) or the default. */
function fileTimeoutMs(file, fallback = defaultTimeoutMs) {
  const m = /test-file-timeout:\s*(\d+)\s*(min|s)\b/.exec(readFileSync(file, 'utf8').slice(0, 4000));
  return m ? Number(m[1]) * (m[2] === 'min' ? 60_000 : 1000) : fallback;
}

/** Runs one file in its own process group; resolves to its counts and what went wrong. */
function runFile(file, env, runDir) {
  const limitMs = fileTimeoutMs(file);
  const name = relative(root, file).startsWith('..') ? file : relative(root, file);
  const child = spawn(process.execPath, ['--import', join(root, 'scripts', 'test-watchdog.mjs'), '--test-reporter=spec', file], {
    cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const counts = { pass: 0, fail: 0, cancelled: 0, skipped: 0 };
  // The spec reporter's closing "✖ failing tests:" section, kept so the run's end repeats
  // why each failed file failed (a long log's middle is often all a CI page keeps).
  const failures = [];
  let inFailures = false;
  let tail = '';
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const lines = (tail + chunk.toString()).split('\n');
    tail = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^ℹ (pass|fail|cancelled|skipped) (\d+)$/.exec(line.trim());
      if (m) counts[m[1]] += Number(m[2]);
      if (line.startsWith('✖ failing tests:')) inFailures = true;
      else if (inFailures && failures.length < 60) failures.push(line);
    }
  });
  const problems = [];
  let timer;
  const killGroup = (sig) => { try { process.kill(-child.pid, sig); } catch { /* group gone */ } };
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => {
      problems.push(`timed out after ${Math.round(limitMs / 1000)} s (test-file-timeout or TEST_FILE_TIMEOUT_MS raise the limit)`);
      // Only the file's own process: its watchdog prints what is still open (children would die of SIGUSR2).
      try { process.kill(child.pid, 'SIGUSR2'); } catch { /* already gone */ }
      setTimeout(() => { killGroup('SIGKILL'); resolve(); }, 1000);
    }, limitMs);
  });
  current = { kill: killGroup };
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return Promise.race([exited, timedOut]).then(async (end) => {
    clearTimeout(timer);
    if (end && end.code !== 0) problems.push(end.signal ? `killed by ${end.signal}` : `exit code ${end.code}`);
    if (!end) await exited;
    // Whatever this file started and left: its process group, or anything naming the run's TMPDIR.
    const left = await settle(() => unique([...processesIn(child.pid), ...processesNaming(runDir)]));
    if (left.length) {
      problems.push(`left ${left.length} process(es) running, killed now:\n${left.map((p) => `    ${p.pid} ${p.cmdline.slice(0, 160)}`).join('\n')}`);
      killAll(left);
    }
    current = null;
    return { name, counts, problems, failures };
  });
}

const unique = (list) => [...new Map(list.map((p) => [p.pid, p])).values()];

/** Processes that are still there after a short grace (children get a moment to follow their parent). */
async function settle(find) {
  const deadline = Date.now() + 2000;
  let left = find();
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = find();
  }
  return left;
}

let current = null;
let pg = null;
// Files run in process groups of their own, which a Ctrl-C on the terminal does not reach.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    current?.kill('SIGKILL');
    void (pg?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  });
}

let failed = Number(tscStatus) !== 0;
if (failed) console.error('[test] type-check failed (see tsc output above)');

if (filters.length === 0) {
  console.log('[test] lint (eslint)');
  const lint = spawnSync(join(root, 'node_modules', '.bin', 'eslint'), ['--max-warnings', '0', '.'], { stdio: 'inherit', cwd: root });
  if (lint.status !== 0) failed = true;
}

if (!process.env.DATABASE_URL) {
  pg = await startTestPostgres();
  console.log(`[test] throwaway Postgres at ${pg.url}`);
}
// The files' temp dirs go under one dir of this run, so what they leave is found by name.
const runDir = mkdtempSync(join(tmpdir(), 'switchboard-test-run-'));
const env = { ...process.env, TMPDIR: runDir, TEST_DATABASE_URL: process.env.DATABASE_URL ?? pg.url, NODE_ENV: 'test' };
// TEST_FILES_DIR: another tree of *.test.js (the runner's own tests use it on fixtures).
const files = testFiles(process.env.TEST_FILES_DIR ?? join(root, 'dist', 'test'))
  // A word matches the path from the repository; an absolute one (a fixture tree elsewhere) the absolute path.
  .filter((f) => filters.length === 0 || filters.some((k) => (k.startsWith('/') ? f : relative(root, f)).includes(k)));
const totals = { pass: 0, fail: 0, skipped: 0 };
const bad = [];
for (const file of files) {
  const r = await runFile(file, env, runDir);
  totals.pass += r.counts.pass;
  totals.skipped += r.counts.skipped;
  totals.fail += r.counts.fail + r.counts.cancelled; // a cancelled test never finished
  if (r.problems.length) {
    if (r.counts.fail + r.counts.cancelled === 0) totals.fail += 1; // a file that failed outside its tests counts as one failure
    bad.push(r);
    console.error(`[test] ${r.name}: ${r.problems.join('; ')}`);
  }
}
if (pg) await pg.stop();
rmSync(runDir, { recursive: true, force: true });
if (bad.length) {
  failed = true;
  console.error(`[test] ${bad.length} of ${files.length} file(s) failed:`);
  for (const r of bad) {
    console.error(`  ${r.name}: ${r.problems.join('; ')}`);
    for (const line of r.failures) console.error(`    ${line}`);
  }
}
if (totals.fail > 0) failed = true;
console.log(`[test] ${files.length} file(s) in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
console.log(`${totals.pass} passed, ${totals.fail} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
