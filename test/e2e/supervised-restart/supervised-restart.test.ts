// `npm start` is supervised: the built center runs under scripts/supervise.mjs as `npm start`
// runs it (PGlite in a fresh data dir, free ports from the environment). A desk phone's call
// is in the IVR when the center process (not the supervisor) is killed with SIGKILL: the
// supervisor starts a new one within 5 s, that one closes the call's record with cause
// `restart`, the next call reaches the IVR, and SIGTERM to the supervisor stops all with exit 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../helpers/ports.js';
import { processesMatching } from '../../helpers/processes.js';
import { NodePhone } from '../helpers/node-phone.js';
import { callThroughIvr } from '../helpers/ivr-caller.js';
import { eventually } from '../helpers/center.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const ADMIN_PASSWORD = 'supervised-admin-pw';

interface CallRow { id: string; status: string; ended_at: string | null; hangup_cause: string | null; hangup_side: string | null; disposition: string | null }

test('kill -9 of the center mid-call: restarted within 5 s, the call closed with cause restart, the next call works', { timeout: 180_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-supervised-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ngPort = await freePort();
  const sipPort = await freePort();
  const httpPort = await freePort();
  const env = {
    ...process.env, SWITCHBOARD_DATA_DIR: dir, ADMIN_PASSWORD, HTTP_PORT: String(httpPort), SIP_PORT: String(sipPort), SIP_TLS_PORT: String(await freePort()),
    SIP_WSS_PORT: String(await freePort()), RTPENGINE_NG_PORT: String(ngPort), RTP_PORT_MIN: String(20000 + (ngPort % 40) * 500), MAX_CALLS: '20',
  };
  const sup = spawn(process.execPath, [join(ROOT, 'scripts', 'supervise.mjs'), join(ROOT, 'dist', 'server', 'main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => { if (sup.exitCode === null) sup.kill('SIGKILL'); });
  let out = '';
  sup.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  sup.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const count = (re: RegExp): number => (out.match(new RegExp(re.source, 'g')) ?? []).length;
  const centerPids = (): number[] => [...out.matchAll(/center started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
  const ready = (n: number): Promise<true> => eventually(async () => (count(/Switchboard is running/) >= n ? true : undefined), 90_000, `center start #${n}\n${out}`);

  await ready(1);
  const [firstPid] = centerPids();
  assert.ok(firstPid);
  const base = `http://127.0.0.1:${httpPort}/api`;
  const calls = async (): Promise<CallRow[]> => {
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    const { token } = await login.json() as { token: string };
    const res = await fetch(`${base}/calls`, { headers: { authorization: `Bearer ${token}` } });
    return (await res.json() as { items: CallRow[] }).items;
  };

  const caller = await NodePhone.open({ host: '127.0.0.1', port: sipPort }, '+15550002222');
  t.after(() => caller.close());
  await caller.call('15550100');
  const inIvr = await eventually(async () => (await calls()).find((c) => c.status === 'ivr'), 10_000, 'the call in the IVR on record');

  const killedAt = Date.now();
  process.kill(firstPid, 'SIGKILL');
  const secondPid = await eventually(async () => centerPids()[1], 10_000, `a new center process\n${out}`);
  const respawnMs = Date.now() - killedAt;
  await ready(2);
  const readyMs = Date.now() - killedAt;
  console.log(`center killed (pid ${firstPid}): new process (pid ${secondPid}) after ${respawnMs} ms, serving again after ${readyMs} ms`);
  assert.ok(respawnMs < 5000, `restarted within 5 s (took ${respawnMs} ms)`);
  assert.notEqual(secondPid, firstPid);
  assert.match(out, new RegExp(`center died \\(signal SIGKILL\\)`), 'the supervisor logs the signal');
  assert.equal(processesMatching(`--config-file=${dir}`).length, 1, 'one rtpengine: the old one died with its center');

  const closed = (await calls()).find((c) => c.id === inIvr.id);
  assert.ok(closed);
  assert.equal(closed.status, 'completed');
  assert.equal(closed.hangup_cause, 'restart');
  assert.equal(closed.hangup_side, 'system');
  assert.equal(closed.disposition, 'failed');
  assert.ok(closed.ended_at);

  const next = await eventually(async () => callThroughIvr(caller, 440).catch(() => undefined), 20_000, 'a call through the IVR after the restart');
  await next.call.hangup();

  sup.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => sup.once('exit', resolve));
  assert.equal(code, 0, `a requested stop exits 0\n${out}`);
  assert.equal(centerPids().length, 2, 'no restart after a requested stop');
  assert.deepEqual(processesMatching(`--config-file=${dir}`), [], 'no rtpengine left');
});
