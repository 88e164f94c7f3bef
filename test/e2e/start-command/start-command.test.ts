// `npm start` as a new user runs it: dist/server/main.js on embedded PGlite with the settings
// from the environment. The first start prints the admin login and the demo logins once and
// serves health, API and softphone; SIGTERM stops it cleanly; a second start on the same data
// directory keeps the data and prints no new passwords.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../helpers/ports.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

interface Started { proc: ChildProcess; output: () => string }

async function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const proc = spawn(process.execPath, [join(ROOT, 'dist', 'server', 'main.js')], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  proc.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const deadline = Date.now() + 90000;
  while (!out.includes('Switchboard is running')) {
    if (proc.exitCode !== null) throw new Error(`main.js exited ${proc.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`main.js did not start in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { proc, output: () => out };
}

async function stop(s: Started): Promise<number | null> {
  s.proc.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => { s.proc.kill('SIGKILL'); resolve(null); }, 20000);
    s.proc.once('exit', (c) => { clearTimeout(timer); resolve(c); });
  });
  return code;
}

test('npm start: first start prints logins once and serves; SIGTERM stops it; a restart keeps the data', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-start-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ngPort = await freePort();
  const env = {
    SWITCHBOARD_DATA_DIR: dir, HTTP_PORT: String(await freePort()), SIP_PORT: String(await freePort()), SIP_TLS_PORT: String(await freePort()),
    SIP_WSS_PORT: String(await freePort()), RTPENGINE_NG_PORT: String(ngPort), RTP_PORT_MIN: String(20000 + (ngPort % 40) * 500), MAX_CALLS: '20',
  };
  const first = await start(env);
  t.after(() => { first.proc.kill('SIGKILL'); });
  const out = first.output();
  const admin = /Admin login created: admin \/ (\S+)/.exec(out)?.[1];
  assert.ok(admin, `admin password printed:\n${out}`);
  assert.match(out, /agent1 \/ \S+ +\(extension 1001\)/);
  const base = `http://127.0.0.1:${env.HTTP_PORT}`;
  const health = await (await fetch(`${base}/api/health`)).json() as { status: string; components: Record<string, string> };
  assert.deepEqual(health.components, { database: 'up', sip: 'up', media: 'up' });
  assert.equal((await fetch(`${base}/softphone/`)).status, 200);
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: admin }) });
  assert.equal(login.status, 200);
  assert.equal(await stop(first), 0);

  const second = await start(env);
  t.after(() => { second.proc.kill('SIGKILL'); });
  assert.doesNotMatch(second.output(), /Admin login created|Demo center created/);
  const again = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: admin }) });
  assert.equal(again.status, 200, 'the admin made on the first start still signs in');
  assert.equal(await stop(second), 0);
});
