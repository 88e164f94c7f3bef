#!/usr/bin/env node
// `npm run bench` after bootstrap: runs dist/test/bench/<name>.bench.js for each name given
// (all benches when none), with a throwaway Postgres in BENCH_DATABASE_URL unless
// DATABASE_URL names a server. Benches print figures; they assert nothing.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestPostgres } from './test-postgres.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'dist', 'test', 'bench');
const names = process.argv.slice(2);
const all = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bench.js')).map((f) => f.replace(/\.bench\.js$/, '')) : [];
const chosen = names.length ? names : all;
let pg = null;
if (!process.env.DATABASE_URL) pg = await startTestPostgres();
const env = { ...process.env, BENCH_DATABASE_URL: process.env.DATABASE_URL ?? pg.url };
let status = 0;
for (const name of chosen) {
  const file = join(dir, `${name}.bench.js`);
  if (!existsSync(file)) { console.error(`[bench] no bench named ${name}`); status = 1; continue; }
  console.log(`\n[bench] ${name}`);
  const r = spawnSync(process.execPath, [file], { stdio: 'inherit', cwd: root, env });
  if (r.status !== 0) status = 1;
}
if (pg) await pg.stop();
process.exit(status);
