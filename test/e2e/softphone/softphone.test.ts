// Issue 6, softphone: real headless Chromium runs softphone/dist against the real engine (WSS),
// real rtpengine and the real API login, the page served under the server's CSP. The agent signs
// in, registers over WSS (digest with the session's SIP credentials from the API), goes ready, sees the incoming call's number and contact name, answers with
// a click; audio is checked by spectrum both ways (browser mic = 600 Hz WAV, caller = 440 Hz
// Node RTP endpoint), then keypad DTMF (RFC 4733 seen by rtpengine), mute, hold (re-INVITE
// through rtpengine), a refused second call and hang-up from the page; before that a missed
// call (caller cancels) and the speaker choice (setSinkId); after it a server restart (the page
// registers again) and a revoked session (back to sign-in). The screenshot path is printed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type Srf from 'drachtio-srf';
import { answerToward, offerToward } from '../../../media/leg-profiles.js';
import type { DtmfEvent } from '../../../media/index.js';
import { peakFrequency, rms } from '../../media/tools/spectrum.js';
import type { RtpEndpoint } from '../../media/tools/rtp-endpoint.js';
import { AGENT, MIC_TONE_HZ, startSoftphoneRig, type SoftphoneRig } from './softphone-rig.js';

const CALLER_TONE_HZ = 440;
const CALLER_NUMBER = '15550001234';
const CONTACT_NAME = 'Ada Lovelace';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns a value that is not undefined; fails with the last value seen. */
async function eventually<T>(what: string, ms: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(200);
  }
}

/** drachtio-srf 5.0.29 calls cbRequest(err, req); its types declare cbRequest(req). */
function sentRequest(fn: (req: Srf.SrfRequest) => void): (req: Srf.SrfRequest) => void {
  const real = (_err: unknown, req: Srf.SrfRequest): void => fn(req);
  return real as unknown as (req: Srf.SrfRequest) => void;
}

/** What the caller endpoint heard in the last `ms`. */
function heard(caller: RtpEndpoint, ms = 1000): { peak: number; rms: number } {
  const s = caller.samples(Date.now() - ms);
  return { peak: s.length >= 4000 ? peakFrequency(s) : 0, rms: rms(s) };
}

test('softphone: sign in, register over WSS, go ready, answer, two-way audio, DTMF, mute, hold, hang up, re-register, session end', { timeout: 120_000 }, async (t) => {
  const rig: SoftphoneRig = await startSoftphoneRig((m) => t.diagnostic(m));
  t.after(() => rig.close());
  const { page } = rig;
  page.setDefaultTimeout(15_000);
  await page.goto(rig.pageUrl);

  await t.test('a wrong password is refused with the API error', async () => {
    await page.fill('#username', AGENT.username);
    await page.fill('#password', 'not-the-password');
    await page.click('#login-button');
    await page.locator('#login-error', { hasText: /\S/ }).waitFor();
    assert.match(await page.textContent('#login-error') ?? '', /wrong username or password/);
  });

  await t.test('signs in and registers over WSS with the session\'s SIP credentials from the API', async () => {
    await page.fill('#password', AGENT.password);
    await page.click('#login-button');
    await page.waitForSelector('#registration[data-status="registered"]');
    const reg = await rig.waitForRegistration(1);
    assert.equal(reg.user, AGENT.sipUser, 'REGISTER authenticated as the agent');
    assert.notEqual(reg.digestUser, AGENT.sipUser, 'with the session\'s digest username, not the agent\'s own credentials');
    assert.match(reg.contact, /^sip:[^@]+@[^;]+\.invalid;transport=wss?/i);
    assert.equal(await page.textContent('#agent-name'), AGENT.name);
    assert.equal(await page.textContent('#agent-state'), 'not-ready (login)');
  });

  await t.test('goes ready and not ready through the API (keys R and N, and a click)', async () => {
    assert.equal(await page.isDisabled('#go-not-ready'), true, 'already not ready');
    await page.keyboard.press('r');
    await page.waitForSelector('#agent-state[data-state="available"]');
    assert.equal(await page.isDisabled('#go-ready'), true);
    await page.selectOption('#not-ready-reason', 'lunch');
    await page.locator('body').press('n');
    await page.waitForSelector('#agent-state[data-state="not-ready"]');
    assert.equal(await page.textContent('#agent-state'), 'not-ready (lunch)');
    await page.click('#go-ready');
    await page.waitForSelector('#agent-state[data-state="available"]');
    assert.deepEqual(rig.stateChanges, [{ state: 'available' }, { state: 'not-ready', reason: 'lunch' }, { state: 'available' }]);
  });

  await t.test('a caller who hangs up while ringing leaves the page idle ("not answered")', async () => {
    const reg = await rig.waitForRegistration(1);
    const missedId = `softphone-missed-${randomBytes(4).toString('hex')}`;
    const ep = await rig.media.endpoint();
    const offer = await rig.media.media.anchorOffer(missedId, 'caller', ep.sdp(), { towardWebrtc: true });
    let sent: Srf.SrfRequest | undefined;
    const uac = rig.srf.createUAC(reg.contact, { localSdp: offer, headers: { From: '<sip:15550009999@127.0.0.1>' } }, { cbRequest: sentRequest((req) => { sent = req; }) });
    const outcome = uac.then(() => 'answered', (err: { status?: number }) => err.status);
    await page.waitForSelector('#call[data-status="ringing"]');
    assert.equal(await page.textContent('#caller-name'), 'Unknown caller');
    assert.equal(await page.textContent('#caller-number'), '15550009999');
    assert.ok(sent, 'INVITE not sent');
    sent.cancel(() => undefined);
    assert.equal(await outcome, 487);
    await page.locator('#call-status', { hasText: 'not answered' }).waitFor();
    assert.equal(await page.isDisabled('#answer'), true);
    await rig.media.media.deleteCall(missedId);
  });

  await t.test('the speaker select routes call audio with setSinkId', async () => {
    const options = await page.locator('#speaker option').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    assert.ok(options.length > 0, 'no audio outputs listed');
    const chosen = options[options.length - 1] ?? '';
    await page.selectOption('#speaker', chosen);
    // A function, not a string: the page's CSP has no 'unsafe-eval'.
    await page.waitForFunction((sink: string) => (globalThis as unknown as { document: { querySelector(q: string): { sinkId?: string } | null } }).document.querySelector('#remote-audio')?.sinkId === sink, chosen);
    assert.equal(await page.textContent('#device-error'), '');
  });

  const callId = `softphone-${randomBytes(4).toString('hex')}`;
  const caller = await rig.media.endpoint();
  const digits: string[] = [];
  rig.media.media.on('dtmf', (e: DtmfEvent) => { if (e.callId === callId && e.legTag === 'agent') digits.push(e.digit); });
  let dialog: Srf.Dialog | undefined;

  await t.test('shows the incoming call with number and contact name; answers by a click', async () => {
    const reg = await rig.waitForRegistration(1);
    const offer = await rig.media.media.anchorOffer(callId, 'caller', caller.sdp(), { towardWebrtc: true });
    const uac = rig.srf.createUAC(reg.contact, {
      localSdp: offer,
      headers: { From: `"Switchboard" <sip:${CALLER_NUMBER}@127.0.0.1>`, 'X-Contact-Name': CONTACT_NAME },
    });
    uac.catch(() => undefined);
    await page.waitForSelector('#call[data-status="ringing"]');
    assert.equal(await page.textContent('#caller-number'), CALLER_NUMBER);
    assert.equal(await page.textContent('#caller-name'), CONTACT_NAME);
    const clickedAt = Date.now();
    await page.click('#answer');
    dialog = await uac;
    t.diagnostic(`answer click to 200 OK: ${Date.now() - clickedAt} ms`);
    const toCaller = await rig.media.media.anchorAnswer(callId, 'agent', dialog.remote.sdp, { webrtc: true });
    caller.setRemote(toCaller);
    caller.start(CALLER_TONE_HZ);
    await page.waitForSelector('#call[data-status="active"]');
  });

  await t.test('two-way audio: the caller hears the browser microphone, the page hears the caller', async () => {
    const started = Date.now();
    const atCaller = await eventually('600 Hz at the caller', 10_000, () => {
      const h = heard(caller);
      return Math.abs(h.peak - MIC_TONE_HZ) <= 15 && h.rms > 300 ? h : undefined;
    });
    const atPage = await eventually('440 Hz in the page', 10_000, async () => {
      const hz = Number(await page.evaluate('window.__softphoneDebug.remotePeakHz()'));
      return Math.abs(hz - CALLER_TONE_HZ) <= 15 ? hz : undefined;
    });
    t.diagnostic(`caller heard ${atCaller.peak} Hz (rms ${Math.round(atCaller.rms)}), page heard ${atPage.toFixed(1)} Hz, ${Date.now() - started} ms after answer`);
    const shot = join(mkdtempSync(join(tmpdir(), 'switchboard-softphone-shot-')), 'softphone.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.diagnostic(`screenshot: ${shot}`);
  });

  await t.test('keypad sends RFC 4733 digits that rtpengine reports (click and keyboard)', async () => {
    await page.click('button[aria-label="Keypad 5"]');
    await sleep(400);
    await page.keyboard.press('9');
    await sleep(400);
    await page.keyboard.press('#');
    await eventually('digits 5 9 # from the agent', 8000, () => (digits.length >= 3 ? true : undefined)).catch(() => undefined);
    assert.deepEqual(digits, ['5', '9', '#']);
    assert.equal(await page.textContent('#dtmf-sent'), 'Sent: 59#');
    const events = new Set(caller.received.filter((p) => p.event !== undefined).map((p) => p.event));
    assert.deepEqual([...events].sort((a, b) => (a ?? 0) - (b ?? 0)), [5, 9, 11], 'RFC 4733 events 5, 9, # reach the caller');
  });

  await t.test('mute (M) silences the microphone toward the caller; unmute restores it', async () => {
    await page.keyboard.press('m');
    assert.equal(await page.getAttribute('#mute', 'aria-pressed'), 'true');
    await eventually('silence at the caller', 5000, () => (heard(caller, 500).rms < 100 ? true : undefined));
    await page.keyboard.press('m');
    await eventually('600 Hz again', 5000, () => (Math.abs(heard(caller, 500).peak - MIC_TONE_HZ) <= 20 ? true : undefined));
  });

  await t.test('hold sends a sendonly re-INVITE; resume sends sendrecv', async () => {
    const d = dialog;
    assert.ok(d);
    const directions: string[] = [];
    // Stand-in for the B2BUA: the browser's re-offer goes through rtpengine toward the caller.
    d.on('modify', (req, res) => {
      const sdp = String(req.body);
      const held = /a=sendonly/.test(sdp);
      directions.push(held ? 'sendonly' : 'sendrecv');
      const ng = rig.media.media.ngFor(callId);
      void (async () => {
        await ng.command('offer', { 'call-id': callId, 'from-tag': 'agent', 'to-tag': 'caller', sdp, ...offerToward(false, true) });
        const back = await ng.command('answer', { 'call-id': callId, 'from-tag': 'agent', 'to-tag': 'caller', sdp: caller.sdp(held ? 'recvonly' : 'sendrecv'), ...answerToward(true, false) });
        res.send(200, { body: String(back.sdp) });
      })().catch((err: unknown) => {
        t.diagnostic(`re-INVITE: ${String(err)}`);
        res.send(500);
      });
    });
    await page.keyboard.press('o');
    await page.waitForSelector('#hold[aria-pressed="true"]');
    await eventually('silence at the caller while held', 5000, () => (heard(caller, 500).rms < 100 ? true : undefined));
    await page.click('#hold');
    await page.waitForSelector('#hold[aria-pressed="false"]');
    assert.deepEqual(directions, ['sendonly', 'sendrecv']);
    await eventually('600 Hz after resume', 8000, () => (Math.abs(heard(caller, 500).peak - MIC_TONE_HZ) <= 20 ? true : undefined));
  });

  await t.test('switching the microphone during the call keeps the caller hearing it', async () => {
    const mics = await page.locator('#microphone option').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    t.diagnostic(`microphones listed: ${mics.length}`);
    const inUse = String(await page.evaluate('window.__softphoneDebug.microphoneInUse()'));
    const other = mics.find((m) => m !== inUse && m !== 'default');
    assert.ok(other, `no second microphone among ${mics.join(', ')}`);
    await page.selectOption('#microphone', other);
    await eventually('the call sends from the chosen microphone', 5000, async () => (await page.evaluate('window.__softphoneDebug.microphoneInUse()')) === other ? true : undefined);
    assert.doesNotMatch(await page.textContent('#call-status') ?? '', /failed/);
    const switchedAt = Date.now();
    await eventually('600 Hz from the new microphone', 8000, () => {
      const s = caller.samples(switchedAt);
      return s.length >= 4000 && Math.abs(peakFrequency(s.subarray(-4000)) - MIC_TONE_HZ) <= 20 ? true : undefined;
    });
  });

  await t.test('a second call while one is up is refused 486', async () => {
    const reg = await rig.waitForRegistration(1);
    const busyId = `softphone-busy-${randomBytes(4).toString('hex')}`;
    const ep = await rig.media.endpoint();
    const offer = await rig.media.media.anchorOffer(busyId, 'caller', ep.sdp(), { towardWebrtc: true });
    const status = await rig.srf.createUAC(reg.contact, { localSdp: offer }).then(() => 'answered', (err: { status?: number }) => err.status);
    assert.equal(status, 486);
    assert.equal(await page.getAttribute('#call', 'data-status'), 'active');
    await rig.media.media.deleteCall(busyId);
  });

  await t.test('hang up from the page sends BYE', async () => {
    const d = dialog;
    assert.ok(d);
    const bye = new Promise<void>((resolve) => d.on('destroy', () => resolve()));
    await page.click('#hangup');
    await bye;
    await page.locator('#call-status', { hasText: 'Call ended' }).waitFor();
    caller.stop();
    await rig.media.media.deleteCall(callId);
  });

  await t.test('after a server restart the page shows the lost connection and registers again', async () => {
    const before = rig.registrations.length;
    await rig.restartSip();
    const lostOrBack = await page.waitForSelector('#registration[data-status="failed"], #registration[data-status="connecting"], #registration[data-status="registered"]');
    t.diagnostic(`registration shown right after the restart: ${await lostOrBack.textContent()}`);
    const again = await rig.waitForRegistration(before + 1);
    assert.equal(again.user, AGENT.sipUser);
    await page.waitForSelector('#registration[data-status="registered"]');
  });

  await t.test('a revoked session takes the agent back to sign-in', async () => {
    await rig.revokeAgentTokens();
    await page.keyboard.press('n');
    await page.waitForSelector('#login:not([hidden])');
    assert.match(await page.textContent('#login-error') ?? '', /session ended/);
    assert.equal(await page.isHidden('#phone'), true);
  });

  await t.test('the page ran under the server\'s Content-Security-Policy without a violation', async () => {
    const response = await fetch(rig.pageUrl);
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.deepEqual(rig.cspViolations, []);
  });
});
