#!/usr/bin/env node
// `npm test` after bootstrap: lint, then every test file under dist/test with node's test
// runner, against a throwaway Postgres unless DATABASE_URL names one. Fails if tsc failed.
// Usage: run-tests.mjs <tscStatus> [filter...]  (filters keep test files whose path contains one)
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestPostgres } from './test-postgres.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [tscStatus = '0', ...filters] = process.argv.slice(2);

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'bench' ? [] : testFiles(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

let failed = Number(tscStatus) !== 0;
if (failed) console.error('[test] type-check failed (see tsc output above)');

if (filters.length === 0) {
  console.log('[test] lint (eslint)');
  const lint = spawnSync(join(root, 'node_modules', '.bin', 'eslint'), ['--max-warnings', '0', '.'], { stdio: 'inherit', cwd: root });
  if (lint.status !== 0) failed = true;
}

let pg = null;
if (!process.env.DATABASE_URL) {
  pg = await startTestPostgres();
  console.log(`[test] throwaway Postgres at ${pg.url}`);
}
const env = { ...process.env, TEST_DATABASE_URL: process.env.DATABASE_URL ?? pg.url, NODE_ENV: 'test' };
const files = testFiles(join(root, 'dist', 'test')).filter((f) => filters.length === 0 || filters.some((k) => relative(root, f).includes(k)));
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], { stdio: 'inherit', cwd: root, env });
if (run.status !== 0) failed = true;
if (pg) await pg.stop();
process.exit(failed ? 1 : 0);
