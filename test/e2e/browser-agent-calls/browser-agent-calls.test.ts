// test-file-timeout: 4 min
// Issue 12 from the agent's browser (headless Chromium, the real softphone page, WSS, real
// rtpengine), on the whole center:
// - Calling out: agent1 pastes "+1 (555) 765-4321" and calls. The route's first trunk answers
//   503 and the call fails over to the second, whose carrier (our SIP phone, 1500 Hz) gets
//   the INVITE E.164-normalised with the trunk's caller id; browser and carrier hear each
//   other by spectrum (the browser's media anchored in rtpengine: the carrier speaks plain
//   RTP) and the call is recorded. An international number (agent1 may call national only) is refused with 403, shown
//   on the page, and reaches no trunk.
// - An internal call to extension 1002, from the colleagues list: ringback while it rings,
//   then two-way audio; and a desk phone (sipp as agent2) calling 1001, answered in the page.
// - With a cap of 2 concurrent outbound calls, agent1's third call (a third page) gets 403.
// - Transfer from the page: a queue call answered in the browser, 1002 picked from the
//   colleagues list, "Consult first":
//   the caller hears music while agent1 and agent2 (1100 Hz) talk; "Complete transfer" ends
//   the browser's call and the caller hears agent2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AGENT_PASSWORDS, REALM, eventually, startCenter } from '../helpers/center.js';
import { NodePhone, type PhoneCall } from '../helpers/node-phone.js';
import { callThroughIvr } from '../helpers/ivr-caller.js';
import { apiRequest as api, login } from '../helpers/api.js';
import { launchAgentBrowser, signedInPage } from '../helpers/agent-page.js';
import { scenario, startSipp } from '../../sip/helpers/sipp.js';
import { peakFrequency, rms } from '../../media/tools/spectrum.js';

const MIC_HZ = 600;
const CARRIER_HZ = 1500;
const CALLER_HZ = 440;
const AGENT2_HZ = 1100;
const CALLER_ID = '+15550100';
/** A caller the demo has no contact for. */
const NEW_CALLER = '+15559990000';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));


/** The page hears `hz` (its own analyser of the remote audio). */
async function pageHears(page: Page, hz: number, what: string): Promise<void> {
  await eventually(async () => {
    const peak = Number(await page.evaluate('window.__softphoneDebug.remotePeakHz()'));
    return Math.abs(peak - hz) < 40 ? true : undefined;
  }, 10000, what);
}

async function phoneHears(phone: NodePhone, hz: number, what: string): Promise<void> {
  await eventually(async () => {
    const heard = phone.rtp.samples(Date.now() - 1000);
    return heard.length > 4000 && Math.abs(peakFrequency(heard) - hz) < 30 ? true : undefined;
  }, 10000, what);
}

test('a browser agent calls out through trunk failover, calls an extension with ringback, is refused an international number and a third concurrent call, and consult-transfers a queue call', { timeout: 240_000 }, async (t) => {
  const c = await startCenter(t, { wrapUpSeconds: 2 });
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const dir = mkdtempSync(join(tmpdir(), 'sb-browser-calls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  // Two carriers behind one route: the first answers 503, the second is our phone.
  const failingLog = join(dir, 'failing.log');
  const failing = await startSipp({ scenario: scenario('outbound/scenarios', 'uas-503.xml'), transport: 'udp', calls: 100, timeoutSec: 200, extra: ['-trace_msg', '-message_file', failingLog] });
  t.after(() => failing.kill());
  const carrier = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, 'carrier');
  t.after(() => carrier.close());
  const trunkIds: string[] = [];
  for (const [name, port] of [['failing', failing.port], ['carrier', carrier.port]] as const) {
    const trunk = await api(c, admin, 'POST', '/trunks', { name, auth_type: 'ip', allowed_cidrs: ['192.0.2.1/32'], outbound_uri: `sip:127.0.0.1:${port}`, default_caller_id: CALLER_ID, max_channels: 4 });
    assert.equal(trunk.status, 201, JSON.stringify(trunk.body));
    trunkIds.push(String(trunk.body.id));
  }
  assert.equal((await api(c, admin, 'POST', '/outbound-routes', { name: 'everything', match_prefix: '', trunk_ids: trunkIds })).status, 201);
  const failingInvites = (): number => (existsSync(failingLog) ? readFileSync(failingLog, 'utf8') : '').split(/\r?\n/).filter((l) => /^INVITE sip:/.test(l)).length;

  const mic = join(dir, 'mic.wav');
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', mic, 'synth', '120', 'sine', String(MIC_HZ), 'vol', '0.5']);
  const browser = await launchAgentBrowser(t, mic);
  const signedIn = (b: Browser): Promise<Page> => signedInPage(b, c.httpPort, { username: 'agent1', password: AGENT_PASSWORDS.agent1 });
  const page = await signedIn(browser);

  // 1. Calling out, pasted with spaces and brackets: failover from 503 to the carrier.
  const carrierAnswer = carrier.answerNext(500);
  await page.fill('#dial-target', '+1 (555) 765-4321');
  await page.click('#dial');
  const carrierCall = await carrierAnswer;
  const invite = carrierCall.invite ?? '';
  assert.match(invite, /^INVITE sip:\+15557654321@/, 'E.164, as the route dials it');
  assert.match(/^From:.*$/im.exec(invite)?.[0] ?? '', new RegExp(CALLER_ID.replace('+', '\\+')), 'the trunk\'s caller id');
  assert.equal(failingInvites(), 1, 'the first trunk was tried first');
  assert.match(carrierCall.remoteSdp, /RTP\/AVP /, 'plain RTP toward the carrier: the browser\'s media is anchored');
  await page.waitForSelector('#call[data-status="active"]', { timeout: 10000 });
  carrier.rtp.start(CARRIER_HZ);
  await pageHears(page, CARRIER_HZ, 'the carrier in the browser');
  await phoneHears(carrier, MIC_HZ, 'the browser at the carrier');
  const outbound = await eventually(async () => ((await api(c, admin, 'GET', '/calls')).body.items as { id: string; direction: string; status: string; agent_id: string | null }[]).find((r) => r.direction === 'outbound' && r.status === 'connected'), 10000, 'the outbound call record');
  assert.ok(outbound.agent_id);
  await page.click('#hangup');
  await carrierCall.ended;
  // Recorded like any connected call: two channels, indexed when the media is freed.
  const recordings = await eventually(async () => {
    const r = await fetch(`http://127.0.0.1:${c.httpPort}/api/recordings?call_id=${outbound.id}`, { headers: { authorization: `Bearer ${admin}` } });
    const list = ((await r.json()) as { items: { channels: number; duration_seconds: number | null }[] }).items;
    return list.length > 0 ? list : undefined;
  }, 10000, 'the outbound call\'s recording');
  assert.equal(recordings[0]?.channels, 2);
  await page.waitForSelector('#call[data-status="ended"]', { timeout: 10000 });

  // 2. An internal call from the browser to extension 1002 (our phone as agent2): the browser
  // hears ringback while it rings, then agent2; agent2 hears the browser.
  const agent2 = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, 'agent2');
  t.after(() => agent2.close());
  assert.equal(await agent2.register(AGENT_PASSWORDS.agent2, REALM), 'SIP/2.0 200 OK');
  // From the colleagues list: both demo agents with their extension and state.
  await page.waitForSelector('#directory-list li[data-extension="1002"]', { timeout: 15000 });
  assert.match((await page.textContent('#directory-list li[data-extension="1001"]')) ?? '', /1001/);
  const internalAnswer = agent2.answerNext(4000);
  await page.click('#directory-list li[data-extension="1002"] .call-colleague');
  await page.waitForSelector('#call[data-status="active"]', { timeout: 10000 });
  await eventually(async () => {
    const peak = Number(await page.evaluate('window.__softphoneDebug.remotePeakHz()'));
    return peak > 420 && peak < 500 ? true : undefined;
  }, 3500, 'ringback (440 + 480 Hz) in the browser while 1002 rings');
  const internalCall = await internalAnswer;
  agent2.rtp.start(AGENT2_HZ);
  await pageHears(page, AGENT2_HZ, 'agent2 in the browser');
  await phoneHears(agent2, MIC_HZ, 'the browser at agent2');
  await page.click('#hangup');
  await internalCall.ended;
  await page.waitForSelector('#call[data-status="ended"]', { timeout: 10000 });

  // 2b. The other way: a desk phone (sipp as agent2, digest-authenticated, from its own
  // loopback address so it is no trunk's) dials extension 1001 and the browser answers.
  const desk = await startSipp({
    scenario: scenario('outbound/scenarios', 'uac-agent-call.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: '1001', timeoutSec: 30,
    extra: ['-i', '127.0.0.5', '-au', 'agent2', '-ap', AGENT_PASSWORDS.agent2, '-auth_uri', `1001@127.0.0.1:${c.sipPort}`, '-d', '2000'],
  });
  t.after(() => desk.kill());
  await page.waitForSelector('#call[data-status="ringing"]', { timeout: 10000 });
  assert.match((await page.textContent('#caller-number')) ?? '', /1002/, 'the caller is extension 1002');
  await page.click('#answer');
  await page.waitForSelector('#call[data-status="active"]', { timeout: 10000 });
  const deskResult = await desk.done;
  assert.equal(deskResult.code, 0, deskResult.output.slice(-2000));
  await page.waitForSelector('#call[data-status="ended"]', { timeout: 10000 });

  // 3. An international number: agent1 may call national only. 403, shown; no trunk reached.
  // Typed, then finished on the dial pad (the keypad with no call up).
  await page.fill('#dial-target', '+44 20 7946 ');
  for (const d of '0000') await page.click(`button[aria-label="Keypad ${d}"]`);
  assert.equal(await page.inputValue('#dial-target'), '+44 20 7946 0000');
  await page.click('#dial');
  await eventually(async () => ((await page.textContent('#dial-error')) ?? '').includes('403') ? true : undefined, 10000, 'the refusal on the page')
    .catch(async (err: Error) => { throw new Error(`${err.message}: dial-error "${await page.textContent('#dial-error')}", call "${await page.textContent('#call-status')}"\n${c.logs.slice(-6).map((l) => JSON.stringify(l)).join('\n')}`); });
  assert.match((await page.textContent('#dial-error')) ?? '', /international/i);
  assert.equal(failingInvites(), 1, 'no new INVITE at the first trunk');
  await sleep(300);

  // 4. A cap of 2 concurrent outbound calls: agent1 signed in on two more pages; with two calls
  // up, the third is refused (403) and reaches no trunk.
  const agent1Id = String(outbound.agent_id);
  assert.equal((await api(c, admin, 'PATCH', `/agents/${agent1Id}`, { outbound_max_concurrent: 2 })).status, 200);
  const pages = [page, await signedIn(browser), await signedIn(browser)];
  const upCalls: PhoneCall[] = [];
  for (const p of pages.slice(0, 2)) {
    const answered = carrier.answerNext(200);
    await p.fill('#dial-target', '+15557654321');
    await p.click('#dial');
    upCalls.push(await answered);
    await p.waitForSelector('#call[data-status="active"]', { timeout: 10000 });
  }
  const invitesBefore = failingInvites();
  const third = pages[2] as Page;
  await third.fill('#dial-target', '+15557654321');
  await third.click('#dial');
  await eventually(async () => ((await third.textContent('#dial-error')) ?? '').includes('403') ? true : undefined, 10000, 'the third call refused');
  assert.match((await third.textContent('#dial-error')) ?? '', /concurrent/i);
  assert.equal(failingInvites(), invitesBefore, 'the third call reached no trunk');
  for (const p of pages.slice(0, 2)) await p.click('#hangup');
  for (const up of upCalls) await up.ended;
  for (const p of pages.slice(1)) await p.close();
  await page.waitForSelector('#call[data-status="ended"]', { timeout: 10000 });

  // 5. A queue call answered in the browser, consult-transferred to 1002 from the page.
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, NEW_CALLER);
  t.after(() => caller.close());
  await page.click('#go-ready');
  await page.waitForSelector('#agent-state[data-state="available"]');
  const { call } = await callThroughIvr(caller, CALLER_HZ);
  await page.waitForSelector('#call[data-status="ringing"]', { timeout: 10000 });
  await page.click('#answer');
  await page.waitForSelector('#call[data-status="active"]', { timeout: 10000 });
  await page.waitForSelector('#transfer:not([hidden])', { timeout: 5000 });
  await pageHears(page, CALLER_HZ, 'the caller in the browser');
  // A caller with no contact yet: the agent creates it from the call.
  await page.waitForSelector('#pop-contact:text("No contact for this number")', { timeout: 5000 });
  await page.fill('#contact-name', 'Grace Hopper');
  await page.click('#save-contact');
  await page.waitForSelector('#desk-status:text("Contact saved")', { timeout: 5000 });
  const lookup = await api(c, admin, 'GET', `/contacts/lookup?phone_number=${encodeURIComponent(NEW_CALLER)}`);
  assert.equal(lookup.body.name, 'Grace Hopper');

  const agent2Answer = agent2.answerNext(500);
  await page.click('#directory-list li[data-extension="1002"] .transfer-to-colleague');
  assert.equal(await page.inputValue('#transfer-target'), '1002');
  await page.click('#consult');
  const agent2Call = await agent2Answer;
  agent2.rtp.start(AGENT2_HZ);
  await page.waitForSelector('#transfer[data-consult="talking"]', { timeout: 10000 });
  await pageHears(page, AGENT2_HZ, 'agent2 in the browser during the consult');
  await phoneHears(agent2, MIC_HZ, 'the browser at agent2');
  const held = caller.rtp.samples(Date.now() - 1000);
  assert.ok(rms(held) > 200 && Math.abs(peakFrequency(held) - MIC_HZ) > 30 && Math.abs(peakFrequency(held) - AGENT2_HZ) > 30, `the held caller hears music (peak ${peakFrequency(held)} Hz)`);

  await page.click('#consult-complete');
  await page.waitForSelector('#call[data-status="ended"]', { timeout: 10000 });
  await phoneHears(caller, AGENT2_HZ, 'agent2 at the caller after the transfer');
  await phoneHears(agent2, CALLER_HZ, 'the caller at agent2');
  assert.equal(await call.hangup(), 'SIP/2.0 200 OK');
  await agent2Call.ended;
});
