// Recordings download and play on a center started with the default data folder name
// `.data` (inside a temp parent, so the dot-directory is really on the path, as on a default
// install): a recorded call, then GET /api/recordings/:id/file returns the two-channel WAV
// (audio/wav, Range answered with 206), `..` cannot leave the recordings folder, and a
// supervisor's page in headless Chromium fetches it with the supervisor's token and plays it
// in an <audio> element (duration > 0, currentTime advances).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startCenter, eventually, AGENT_PASSWORDS, REALM, type Center } from '../helpers/center.js';
import { NodePhone } from '../helpers/node-phone.js';
import { callThroughIvr } from '../helpers/ivr-caller.js';

async function token(c: Center, username: string, password: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${c.httpPort}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = await res.json() as { token?: string };
  return body.token ?? assert.fail(`login ${username}: ${res.status}`);
}

async function api(c: Center, method: string, path: string, auth: string, body?: unknown): Promise<Response> {
  return fetch(`http://127.0.0.1:${c.httpPort}/api${path}`, {
    method, headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

test('a recorded call downloads as WAV and plays in the browser on the default .data folder', { timeout: 180000 }, async (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'sb-recording-'));
  t.after(() => rmSync(parent, { recursive: true, force: true }));
  const c = await startCenter(t, { dataDir: join(parent, '.data') });
  assert.match(c.sb.media.recordingDir, /\/\.data\/media\/recordings$/, 'recordings live under .data, as on a default install');

  const server = { host: '127.0.0.1', port: c.sipPort };
  const agent = await NodePhone.open(server, 'agent1');
  const caller = await NodePhone.open(server, '+15551112222');
  t.after(() => { agent.close(); caller.close(); });
  assert.equal(await agent.register(AGENT_PASSWORDS.agent1, REALM), 'SIP/2.0 200 OK');
  const agentToken = await token(c, 'agent1', AGENT_PASSWORDS.agent1);
  assert.equal((await api(c, 'POST', '/me/state', agentToken, { state: 'available' })).status, 200);
  const answered = agent.answerNext(300);
  const { call } = await callThroughIvr(caller, 440);
  const agentCall = await answered;
  agent.rtp.start(1000);
  await new Promise((r) => setTimeout(r, 3000));
  await call.hangup();
  await agentCall.ended;

  const admin = await token(c, 'admin', 'admin-secret-pw');
  const row = await eventually(async () => {
    const calls = await (await api(c, 'GET', '/calls', admin)).json() as { items: { id: string; status: string; agent_id: string | null }[] };
    return calls.items.find((x) => x.status === 'completed' && x.agent_id);
  }, 10000, 'the completed call');
  const recording = await eventually(async () => {
    const list = await (await api(c, 'GET', `/recordings?call_id=${row.id}`, admin)).json() as { items: { id: string }[] };
    return list.items[0];
  }, 10000, 'the recording row');

  const file = await api(c, 'GET', `/recordings/${recording.id}/file`, admin);
  assert.equal(file.status, 200, `the file is served from under .data: ${file.status}`);
  assert.equal(file.headers.get('content-type'), 'audio/wav');
  assert.equal(file.headers.get('accept-ranges'), 'bytes');
  const wav = Buffer.from(await file.arrayBuffer());
  assert.equal(wav.toString('latin1', 0, 4), 'RIFF');
  assert.equal(wav.toString('latin1', 8, 12), 'WAVE');
  assert.equal(wav.readUInt16LE(22), 2, 'two channels: caller and agent');
  assert.ok(wav.length > 8000 * 2 * 2, `a few seconds of audio: ${wav.length} bytes`);

  const part = await fetch(`http://127.0.0.1:${c.httpPort}/api/recordings/${recording.id}/file`, { headers: { authorization: `Bearer ${admin}`, range: 'bytes=0-43' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 0-43/${wav.length}`);
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), wav.subarray(0, 44));
  const traversal = await fetch(`http://127.0.0.1:${c.httpPort}/api/recordings/..%2F..%2Ftls%2Fkey.pem/file`, { headers: { authorization: `Bearer ${admin}` } });
  assert.equal(traversal.status, 400, 'a path is not an id');
  assert.equal((await fetch(`http://127.0.0.1:${c.httpPort}/.data/media/recordings/`)).status, 404, 'no dotfile serving elsewhere');

  // A supervisor of the call's queue plays it in the browser.
  const sup = await (await api(c, 'POST', '/users', admin, { username: 'sue', role: 'supervisor', password: 'sue-login-password' })).json() as { id: string };
  const callRow = await (await api(c, 'GET', `/calls/${row.id}`, admin)).json() as { queue_id: string };
  assert.equal((await api(c, 'PATCH', `/queues/${callRow.queue_id}`, admin, { supervisor_ids: [sup.id] })).status, 200);
  const supToken = await token(c, 'sue', 'sue-login-password');

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  t.after(() => browser.close());
  const page = await browser.newPage();
  const failures: string[] = [];
  page.on('requestfailed', (r) => failures.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText ?? '?'}`));
  // There is no supervisor UI yet: a blank page of the center's own origin stands in for it
  // (served by the browser itself, so no page of the center with its own CSP is involved).
  const origin = `http://127.0.0.1:${c.httpPort}`;
  await page.route(`${origin}/supervisor-player`, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>player</title><body></body>' }));
  await page.goto(`${origin}/supervisor-player`);
  // Page code as text: it runs in the browser, where the DOM is (the test's TS has no DOM types).
  const play = `(async () => {
    const res = await fetch(${JSON.stringify(`/api/recordings/${recording.id}/file`)}, { headers: { authorization: ${JSON.stringify(`Bearer ${supToken}`)} } });
    if (!res.ok) return { status: res.status, duration: 0, before: 0, after: 0 };
    const audio = document.createElement('audio');
    audio.src = URL.createObjectURL(await res.blob());
    document.body.append(audio);
    await new Promise((resolve, reject) => { audio.onloadedmetadata = resolve; audio.onerror = () => reject(new Error('audio error ' + (audio.error && audio.error.code))); });
    await audio.play();
    const before = audio.currentTime;
    await new Promise((r) => setTimeout(r, 1200));
    return { status: res.status, duration: audio.duration, before, after: audio.currentTime };
  })()`;
  const played = await page.evaluate(play).catch((err: unknown) => assert.fail(`${String(err)}; failed requests: ${failures.join('; ')}`)) as { status: number; duration: number; before: number; after: number };
  console.log(`browser playback: duration ${played.duration.toFixed(2)} s, currentTime ${played.before.toFixed(2)} → ${played.after.toFixed(2)} s`);
  assert.equal(played.status, 200, 'the supervisor may fetch the file');
  assert.ok(played.duration > 1, `duration ${played.duration}`);
  assert.ok(played.after > played.before + 0.5, `playback advances: ${played.before} → ${played.after}`);
});
