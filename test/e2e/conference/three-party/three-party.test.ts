// test-file-timeout: 4 min
// Issue 12's conference as a user sees it, on the whole center: a caller on the loopback
// trunk (440 Hz) reaches agent1 in headless Chromium (600 Hz fake microphone) through the
// IVR and queue; agent1 adds agent2's desk phone (Debian's baresip, 1400 Hz) by extension on
// the API; when baresip answers, caller, browser and desk phone are mixed. Spectrum per
// party: each hears the other two tones and not its own. Then agent1 hangs up in the
// browser (a BYE): caller and desk phone keep talking (spectrum again), neither hears the
// browser's tone. The caller hanging up leaves one party: the call ends. The record has
// every leg and the conference-joined/left events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startCenter, eventually, AGENT_PASSWORDS, type Center } from '../../helpers/center.js';
import { NodePhone } from '../../helpers/node-phone.js';
import { callThroughIvr } from '../../helpers/ivr-caller.js';
import { login } from '../../helpers/api.js';
import { startBaresip } from '../../../helpers/baresip.js';
import { goertzelPower } from '../../../media/tools/spectrum.js';
import { readWav } from '../../../media/tools/wav.js';

const CALLER_HZ = 440;
const BROWSER_HZ = 600;
const DESK_HZ = 1400;
const TONES = [CALLER_HZ, BROWSER_HZ, DESK_HZ];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Relative power of each tone in 8 kHz samples (1 = a full-scale sine alone); heard above 1e-3. */
function tonePowers(samples: Int16Array): Record<number, number> {
  const norm = (32768 ** 2 / 4) * Math.max(1, samples.length);
  return Object.fromEntries(TONES.map((f) => [f, goertzelPower(samples, f) / norm]));
}
const HEARD = 1e-3;
const SILENT = 1e-5;

function assertHears(who: string, powers: Record<number, number>, heard: number[]): void {
  for (const f of TONES) {
    const p = powers[f] ?? 0;
    if (heard.includes(f)) assert.ok(p > HEARD, `${who} should hear ${f} Hz: ${JSON.stringify(powers)}`);
    else assert.ok(p < SILENT, `${who} should not hear ${f} Hz: ${JSON.stringify(powers)}`);
  }
}

/** The browser's remote audio through an AnalyserNode of the test's own: dB at each tone. */
async function browserLevels(page: Page): Promise<Record<number, number>> {
  const levels = await page.evaluate(`(() => {
    if (!window.__confProbe) {
      const ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0.6;
      ctx.createMediaStreamSource(document.getElementById('remote-audio').srcObject).connect(analyser);
      window.__confProbe = { ctx, analyser };
    }
    const { ctx, analyser } = window.__confProbe;
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    const hz = ctx.sampleRate / analyser.fftSize;
    return ${JSON.stringify(TONES)}.map((f) => Math.max(...[-2, -1, 0, 1, 2].map((d) => bins[Math.round(f / hz) + d])));
  })()`) as number[];
  return Object.fromEntries(TONES.map((f, i) => [f, levels[i] ?? -Infinity]));
}

async function assertBrowserHears(page: Page, heard: number[]): Promise<void> {
  // The analyser smooths over ~0.5 s: a few readings, the last one decides.
  let last: Record<number, number> = {};
  const ok = await eventually(async () => {
    last = await browserLevels(page);
    // Heard: well above the floor. Not heard: far below the weakest tone heard (its own tone
    // coming back through the mix would be as loud as the others).
    const weakest = Math.min(...heard.map((f) => last[f] ?? -Infinity));
    return weakest > -65 && TONES.every((f) => heard.includes(f) || (last[f] ?? -Infinity) < Math.min(-65, weakest - 15)) ? true : undefined;
  }, 6000, `the browser hears ${heard.join(' + ')} Hz only`).catch(() => false);
  console.log(`browser levels (dB): ${JSON.stringify(last)}`);
  assert.ok(ok, `the browser should hear ${heard.join(' + ')} Hz only: ${JSON.stringify(last)}`);
}

async function request<T>(c: Center, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${c.httpPort}/api${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() as T };
}

interface PartyView { party_id: string; role: string; agent_id: string | null; status: string }

test('3-party conference: caller, browser agent and desk-phone agent each hear the other two; after one leaves the two keep talking', { timeout: 240_000 }, async (t) => {
  const c = await startCenter(t);
  const dir = mkdtempSync(join(tmpdir(), 'sb-conference-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const micWav = join(dir, 'mic.wav');
  const deskWav = join(dir, 'desk.wav');
  const deskHeard = join(dir, 'desk-heard.wav');
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', micWav, 'synth', '60', 'sine', String(BROWSER_HZ), 'vol', '0.5']);
  execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', deskWav, 'synth', '10', 'sine', String(DESK_HZ), 'vol', '0.5']);

  // agent2's desk phone: registered, not available (rung only because it is added).
  const desk = await startBaresip(t, { name: 'agent2', user: 'agent2', password: AGENT_PASSWORDS.agent2, server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' }, playFile: deskWav, recordFile: deskHeard, codecs: ['PCMU'] });
  await desk.registered(10000);

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${micWav}`,
      '--allow-loopback-in-peer-connection', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required', '--ignore-certificate-errors', '--disable-gpu'],
  });
  t.after(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${c.httpPort}/softphone/`);
  await page.fill('#username', 'agent1');
  await page.fill('#password', AGENT_PASSWORDS.agent1);
  await page.click('#login-button');
  await page.waitForSelector('#registration[data-status="registered"]', { timeout: 15000 });
  await page.click('#go-ready');
  await page.waitForSelector('#agent-state[data-state="available"]');

  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15551234567');
  t.after(() => caller.close());
  const { call } = await callThroughIvr(caller, CALLER_HZ);
  await page.waitForSelector('#call[data-status="ringing"]', { timeout: 10000 });
  await page.click('#answer');
  await page.waitForSelector('#call[data-status="active"]', { timeout: 10000 });

  const agent1 = await login(c, 'agent1', AGENT_PASSWORDS.agent1);
  const callId = await eventually(async () => {
    const page1 = await request<{ items: { id: string; status: string }[] }>(c, agent1, 'GET', '/calls');
    return page1.body.items.find((x) => x.status === 'connected')?.id;
  }, 10000, 'the connected call');
  // Refusals first: a field named, a wrong kind, an unknown call.
  const bad = await request<{ details?: { path: string }[] }>(c, agent1, 'POST', `/calls/${callId}/conference`, { target: { kind: 'extension' } });
  assert.equal(bad.status, 400);
  assert.ok(bad.body.details?.some((d) => d.path.includes('target.value')), JSON.stringify(bad.body));
  assert.equal((await request(c, agent1, 'POST', '/calls/00000000-0000-4000-8000-000000000000/conference', { target: { kind: 'extension', value: '1002' } })).status, 404);
  assert.equal((await request(c, agent1, 'GET', `/calls/${callId}/conference`)).status, 409, 'no conference yet');

  const deskAnswered = desk.answerNext(20000);
  const added = await request<PartyView>(c, agent1, 'POST', `/calls/${callId}/conference`, { target: { kind: 'extension', value: '1002' } });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  assert.equal(added.body.status, 'ringing');
  await deskAnswered;
  const conf = await eventually(async () => {
    const v = await request<{ state: string; parties: PartyView[] }>(c, agent1, 'GET', `/calls/${callId}/conference`);
    return v.body.state === 'mixing' && v.body.parties.filter((p) => p.status === 'joined').length === 3 ? v.body : undefined;
  }, 10000, 'three joined parties');
  const tMixed = Date.now();
  await sleep(2500);

  // Three parties: each hears the other two, not itself.
  assertHears('caller', tonePowers(caller.rtp.samples(tMixed + 800)), [BROWSER_HZ, DESK_HZ]);
  await assertBrowserHears(page, [CALLER_HZ, DESK_HZ]);
  const tThreeEnd = Date.now();

  // agent1 hangs up in the browser: the caller and the desk phone go on.
  await page.click('#hangup');
  const agent1Party = conf.parties.find((p) => p.role === 'agent' && p.party_id !== added.body.party_id)?.party_id;
  const admin = await login(c, 'admin', 'admin-secret-pw');
  await eventually(async () => {
    const v = await request<{ parties: PartyView[] }>(c, admin, 'GET', `/calls/${callId}/conference`);
    return v.body.parties.find((p) => p.party_id === agent1Party)?.status === 'left' ? true : undefined;
  }, 10000, 'agent1 left the conference');
  const tTwo = Date.now();
  await sleep(2500);
  assertHears('caller (two left)', tonePowers(caller.rtp.samples(tTwo + 800)), [DESK_HZ]);

  assert.equal(await call.hangup(), 'SIP/2.0 200 OK');
  await desk.waitEvent('closed', 10000);
  await sleep(800);
  // The desk phone's recording starts at its answer: the 3-party and the 2-party windows.
  const heard = readWav(deskHeard).channels[0] ?? new Int16Array();
  const established = desk.eventTimes('established').at(-1) ?? tMixed;
  const window = (from: number, to: number): Int16Array => heard.subarray(Math.max(0, Math.round((from - established) * 8)), Math.max(0, Math.round((to - established) * 8)));
  assertHears('desk phone (three)', tonePowers(window(tMixed + 800, tThreeEnd)), [CALLER_HZ, BROWSER_HZ]);
  assertHears('desk phone (two left)', tonePowers(window(tTwo + 800, tTwo + 2400)), [CALLER_HZ]);

  const record = await eventually(async () => {
    const r = await request<{ status: string; disposition: string; legs: { role: string; agent_id: string | null; answered_at: string | null; ended_at: string | null }[]; events: { event: string; data: { party_id: string } }[] }>(c, admin, 'GET', `/calls/${callId}`);
    return r.body.status === 'completed' ? r.body : undefined;
  }, 10000, 'the completed record');
  assert.equal(record.disposition, 'answered');
  const agentLegs = record.legs.filter((l) => l.role === 'agent' && l.answered_at);
  assert.equal(agentLegs.length, 2, `both agents' legs: ${JSON.stringify(record.legs)}`);
  assert.ok(record.legs.every((l) => l.ended_at), 'every leg ended');
  assert.equal(record.events.filter((e) => e.event === 'conference-joined').length, 3);
  assert.equal(record.events.filter((e) => e.event === 'conference-left').length, 3);
});
