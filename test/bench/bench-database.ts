// A fresh database of its own on the benchmark Postgres server (BENCH_DATABASE_URL, set by
// scripts/run-bench.mjs), migrated, dropped again by drop(); and the percentile the benches print.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest } from '../../server/db/migrate.js';
import { openDatabase, type DatabaseHandle } from '../../server/db/open-database.js';

async function serverQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try { await client.query(text); } finally { await client.end(); }
}

export const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export async function freshBenchDatabase(prefix: string): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) throw new Error('BENCH_DATABASE_URL is not set: run through scripts/run-bench.mjs');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await serverQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), maxConnections: 8 });
  await migrateToLatest(handle.db);
  return {
    handle,
    async drop() {
      await handle.close();
      await serverQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
