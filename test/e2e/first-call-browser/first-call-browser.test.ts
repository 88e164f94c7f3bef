// Issue 6 as a user sees it: the whole call center (startSwitchboard with the demo seed), the
// softphone served by it in headless Chromium with a 600 Hz fake microphone, agent1 signs in,
// registers over WSS through the real registrar and goes available; a caller on the loopback
// trunk hears the IVR, presses 1, hears music, the softphone rings with the caller's name,
// the test clicks Answer; tones cross both ways (DTLS-SRTP to the browser, RTP to the caller);
// the agent holds (the caller hears music) and resumes; the caller hangs up; the record,
// recording and agent history are checked. The screenshot
// taken while the call is up is the one in the README.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startCenter, eventually, AGENT_PASSWORDS } from '../helpers/center.js';
import { NodePhone } from '../helpers/node-phone.js';
import { callThroughIvr } from '../helpers/ivr-caller.js';
import { peakFrequency, rms } from '../../media/tools/spectrum.js';
import { readWav } from '../../media/tools/wav.js';

const MIC_HZ = 600;
const CALLER_HZ = 440;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

test('first call to a browser agent: WSS softphone answers an IVR + queue call with two-way audio', { timeout: 120_000 }, async (t) => {
  const c = await startCenter(t);
  const dir = mkdtempSync(join(tmpdir(), 'sb-browser-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const wav = join(dir, 'mic.wav');
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', wav, 'synth', '30', 'sine', String(MIC_HZ), 'vol', '0.5']);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`,
      '--allow-loopback-in-peer-connection', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required', '--ignore-certificate-errors', '--disable-gpu'],
  });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 900, height: 760 } });
  // The page runs under the server's Content-Security-Policy: any violation is a failure.
  const cspViolations: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
  await page.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));" });
  await page.goto(`http://127.0.0.1:${c.httpPort}/softphone/`);
  await page.fill('#username', 'agent1');
  await page.fill('#password', AGENT_PASSWORDS.agent1);
  await page.click('#login-button');
  await page.waitForSelector('#registration[data-status="registered"]', { timeout: 15000 });
  await page.click('#go-ready');
  await page.waitForSelector('#agent-state[data-state="available"]');

  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15551234567');
  t.after(() => caller.close());
  const { call, tDigit } = await callThroughIvr(caller, CALLER_HZ);
  await page.waitForSelector('#call[data-status="ringing"]', { timeout: 10000 });
  assert.match(await page.textContent('#caller-number') ?? '', /15551234567/);
  assert.match(await page.textContent('#caller-name') ?? '', /Ada Lovelace/);
  await sleep(1500);
  assert.ok(rms(caller.rtp.samples(tDigit + 800)) > 200, 'the caller hears music while the agent rings');
  await page.click('#answer');
  await page.waitForSelector('#call[data-status="active"]', { timeout: 10000 });
  await page.waitForSelector('#agent-state[data-state="on-call"]', { timeout: 5000 });

  const pageHz = await eventually(async () => {
    const hz = Number(await page.evaluate('window.__softphoneDebug.remotePeakHz()'));
    return Math.abs(hz - CALLER_HZ) < 40 ? hz : undefined;
  }, 10000, 'the caller tone in the browser');
  assert.ok(Math.abs(pageHz - CALLER_HZ) < 40);
  await eventually(async () => {
    const heard = caller.rtp.samples(Date.now() - 1000);
    return heard.length > 4000 && Math.abs(peakFrequency(heard) - MIC_HZ) < 30 ? true : undefined;
  }, 10000, 'the browser microphone tone at the caller');
  await page.screenshot({ path: join(dir, 'softphone.png') });
  // The README's picture is refreshed on request only, so a test run leaves the work tree clean.
  if (process.env.UPDATE_DOCS_SCREENSHOT === '1') copyFileSync(join(dir, 'softphone.png'), join(ROOT, 'docs', 'softphone.png'));

  // Hold: the caller hears music instead of the agent; resume brings the agent back.
  await page.click('#hold');
  await page.waitForSelector('#hold[aria-pressed="true"]', { timeout: 10000 });
  await eventually(async () => {
    const heard = caller.rtp.samples(Date.now() - 800);
    return heard.length > 3000 && rms(heard) > 200 && Math.abs(peakFrequency(heard) - MIC_HZ) > 50 ? true : undefined;
  }, 10000, 'hold music at the caller');
  await page.click('#hold');
  await page.waitForSelector('#hold[aria-pressed="false"]', { timeout: 10000 });
  await eventually(async () => {
    const heard = caller.rtp.samples(Date.now() - 800);
    return heard.length > 3000 && Math.abs(peakFrequency(heard) - MIC_HZ) < 30 ? true : undefined;
  }, 10000, 'the agent again after resume');
  await sleep(2500); // the recording's last seconds, read below, are after the resume
  await call.hangup();
  await page.locator('#call-status', { hasText: /ended/i }).waitFor({ timeout: 10000 });

  const login = await fetch(`http://127.0.0.1:${c.httpPort}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-secret-pw' }) });
  const { token } = await login.json() as { token: string };
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`http://127.0.0.1:${c.httpPort}/api${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
  const row = await eventually(async () => (await get<{ items: { id: string; status: string; disposition: string; hangup_side: string; agent_id: string | null; ivr_path: string[]; queue_id: string | null; answered_at: string | null }[] }>('/calls')).items.find((x) => x.status === 'completed'), 10000, 'call record');
  assert.equal(row.disposition, 'answered');
  assert.equal(row.hangup_side, 'caller');
  assert.ok(row.agent_id && row.queue_id && row.answered_at);
  const recs = await eventually(async () => {
    const r = (await get<{ items: { file: string }[] }>(`/recordings?call_id=${row.id}`)).items;
    return r.length ? r : undefined;
  }, 5000, 'recording');
  const rec = readWav(join(c.sb.media.recordingDir, recs[0]?.file ?? ''));
  const tail = (ch: Int16Array | undefined) => (ch ?? new Int16Array()).subarray(Math.max(0, (ch?.length ?? 0) - 8000 * 2), (ch?.length ?? 0) - 1600);
  assert.ok(Math.abs(peakFrequency(tail(rec.channels[0])) - CALLER_HZ) < 30, 'recording channel 1: caller');
  assert.ok(Math.abs(peakFrequency(tail(rec.channels[1])) - MIC_HZ) < 30, `recording channel 2: agent (${peakFrequency(tail(rec.channels[1]))} Hz)`);
  await page.waitForSelector('#agent-state[data-state="wrap-up"], #agent-state[data-state="available"]', { timeout: 10000 });
  assert.deepEqual(cspViolations, [], 'no Content-Security-Policy violation on the page');
});
