// A throwaway Postgres server for the test and bench commands: its own data directory and
// port under the OS temp dir, started with Debian's binaries, removed on stop. Postgres
// refuses to run as root, so as root it runs as the 'postgres' user Debian's package creates.
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, chownSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

function binDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) throw new Error('Postgres is not installed (Debian package postgresql)');
  const versions = readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no Postgres version under /usr/lib/postgresql');
  return join(base, versions[0], 'bin');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function pgUser() {
  if (process.getuid?.() !== 0) return null;
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gr = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  return { uid: Number(r.stdout.trim()), gid: Number(gr.stdout.trim()) };
}

/** Starts a server; resolves to { url, stop() }. */
export async function startTestPostgres() {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-pg-'));
  const user = pgUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  const init = spawnSync(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'switchboard', '-A', 'trust', '-E', 'UTF8', '--no-sync'], { encoding: 'utf8', ...asUser, cwd: dir });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const proc = spawn(join(bin, 'postgres'), ['-D', join(dir, 'data'), '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'], { stdio: ['ignore', 'ignore', 'pipe'], ...asUser, cwd: dir });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  const deadline = Date.now() + 30000;
  for (;;) {
    const ready = spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { encoding: 'utf8' });
    if (ready.status === 0) break;
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`Postgres did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  spawnSync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'switchboard', 'switchboard']);
  const url = `postgres://switchboard@127.0.0.1:${port}/switchboard`;
  return {
    url,
    async stop() {
      proc.kill('SIGINT');
      await new Promise((r) => { if (proc.exitCode !== null) r(); else proc.once('exit', r); setTimeout(r, 10000); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
