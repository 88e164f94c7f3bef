// test-file-timeout: 3 min
// Issue 15 from the browser: a caller (our SIP phone, 440 Hz) through the IVR and the sales
// queue to agent1 in Chromium (700 Hz fake microphone), and a supervisor of sales in another
// Chromium (1900 Hz) with the console's Live calls and their softphone (their user's agent
// account). The call appears on Live calls when it is answered (the event hub). Listen before
// the softphone is signed in: 409, no phone. Then Listen: the softphone answers by itself; the
// supervisor hears caller and agent, neither hears them. Whisper: only the agent does. Barge:
// both do. Each click is timed to the moment the change is heard. Stop hangs the softphone up.
// A supervisor of support clicking the sales call gets the 403 on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { AGENT_PASSWORDS, startCenter } from '../../helpers/center.js';
import { apiRequest as api, login } from '../../helpers/api.js';
import { launchAgentBrowser, openAgentPage, signedInPage } from '../../helpers/agent-page.js';
import { goTo, openConsole } from '../../helpers/console-page.js';
import { NodePhone } from '../../helpers/node-phone.js';
import { callThroughIvr } from '../../helpers/ivr-caller.js';
import { armBrowser, browserHears, phoneFirstHeard, phoneHears, probeBrowser, type Hearing } from './hearing.js';

const CALLER_HZ = 440;
const AGENT_HZ = 700;
const SUPERVISOR_HZ = 1900;
const TONES = [CALLER_HZ, AGENT_HZ, SUPERVISOR_HZ];
const SUPERVISOR = { username: 'sup-sales', password: 'supervisor-secret-pw' };

function tone(dir: string, name: string, hz: number): string {
  const file = join(dir, name);
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', file, 'synth', '120', 'sine', String(hz), 'vol', '0.5']);
  return file;
}

async function hears(who: string, check: Promise<Hearing>, heard: number[]): Promise<void> {
  const r = await check;
  assert.ok(r.ok, `${who} should hear ${heard.join(' + ')} Hz only: ${JSON.stringify(r.measured)}`);
}

test('a supervisor listens, whispers and barges from the console on their softphone; 409 without a phone, 403 outside their queues', { timeout: 180_000 }, async (t) => {
  const c = await startCenter(t);
  const dir = mkdtempSync(join(tmpdir(), 'sb-monitor-browser-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const queues = (await api<{ items: { id: string; name: string }[] }>(c, admin, 'GET', '/queues')).body.items;
  const sales = queues.find((q) => q.name === 'sales')?.id ?? '';
  const support = queues.find((q) => q.name === 'support')?.id ?? '';
  // A supervisor of sales whose user has an agent account: the softphone they monitor on.
  const user = await api<{ id: string }>(c, admin, 'POST', '/users', { ...SUPERVISOR, role: 'supervisor' });
  assert.equal(user.status, 201, JSON.stringify(user.body));
  const account = await api(c, admin, 'POST', '/agents', { name: 'Sam Supervisor', user_id: user.body.id, extension: '1901', sip_username: SUPERVISOR.username, sip_password: 'supervisor-phone-pw' });
  assert.equal(account.status, 201, JSON.stringify(account.body));
  assert.equal((await api(c, admin, 'PATCH', `/queues/${sales}`, { supervisor_ids: [user.body.id] })).status, 200);

  // The supervisor's browser: the console first (a supervisor lands on the wallboard), on Live calls, no call yet.
  const supervisorBrowser = await launchAgentBrowser(t, tone(dir, 'supervisor.wav', SUPERVISOR_HZ));
  const con = await openConsole(t, c, SUPERVISOR, supervisorBrowser);
  const { page } = con;
  await page.waitForSelector('#page-title:text-is("Wallboard")');
  await goTo(page, 'Live calls');
  await page.waitForSelector('#live-calls-feed[data-status="up"]');
  await page.waitForSelector('#no-live-calls');

  const { page: agent } = await openAgentPage(t, c, { username: 'agent1', password: AGENT_PASSWORDS.agent1, micWav: tone(dir, 'agent.wav', AGENT_HZ) });
  await agent.click('#go-ready');
  await agent.waitForSelector('#agent-state[data-state="available"]');
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15551234567');
  t.after(() => caller.close());
  const { call: callerCall } = await callThroughIvr(caller, CALLER_HZ);
  await agent.waitForSelector('#call[data-status="ringing"]', { timeout: 10000 });
  await agent.click('#answer');
  await agent.waitForSelector('#call[data-status="active"]', { timeout: 10000 });

  // The answered call appears without a reload: agent, caller, queue and its time.
  const row = page.locator('#live-calls-list tbody tr');
  await row.waitFor({ timeout: 10000 });
  const callId = (await row.getAttribute('data-call-id')) ?? '';
  assert.match(callId, /^[0-9a-f-]{36}$/);
  assert.deepEqual((await row.locator('th, td').allTextContents()).slice(0, 3), ['Agent 1', '+15551234567', 'sales']);
  await page.waitForSelector(`#live-calls-list tr[data-call-id="${callId}"] .timer:text-matches("^00:0[0-9]$")`);
  const button = (name: string): Locator => row.getByRole('button', { name, exact: true });
  assert.equal(await button('Stop').isDisabled(), true, 'nothing to stop yet');

  // No softphone signed in: the server's 409 is on the page, nothing is monitored.
  await button('Listen').click();
  await page.waitForSelector('#live-calls-error:text-matches("^409: .*registered phone")');
  assert.equal(await row.getAttribute('data-mode'), null);

  const softphone = await signedInPage(supervisorBrowser, c.httpPort, { username: SUPERVISOR.username, password: SUPERVISOR.password });
  await probeBrowser(agent);

  // Listen: the softphone answers the monitor call by itself.
  const tListen = Date.now();
  await button('Listen').click();
  await softphone.waitForSelector('#call[data-status="active"][data-monitor="true"]', { timeout: 15000 });
  const answeredMs = Date.now() - tListen;
  assert.equal(await softphone.textContent('#call-status'), 'Monitoring a call');
  await probeBrowser(softphone);
  const listenHeard = await armBrowser(softphone, AGENT_HZ);
  const listenMs = (await listenHeard()) - tListen;
  await waitMode(page, callId, 'listen', 'Listening', 'Listen');
  assert.equal(await page.textContent('#live-calls-error'), '', 'the 409 is gone');
  await hears('the supervisor (listen)', browserHears(softphone, TONES, [CALLER_HZ, AGENT_HZ]), [CALLER_HZ, AGENT_HZ]);
  await hears('the agent (listen)', browserHears(agent, TONES, [CALLER_HZ]), [CALLER_HZ]);
  await hears('the caller (listen)', phoneHears(caller, TONES, [AGENT_HZ]), [AGENT_HZ]);
  assert.equal(await agent.textContent('#call-status'), 'In call', 'the agent is not told');

  // Whisper: the agent hears the supervisor, the caller does not.
  const whisperHeard = await armBrowser(agent, SUPERVISOR_HZ);
  const tWhisper = Date.now();
  await button('Whisper').click();
  const whisperMs = (await whisperHeard()) - tWhisper;
  await waitMode(page, callId, 'whisper', 'Whispering to the agent', 'Whisper');
  await hears('the agent (whisper)', browserHears(agent, TONES, [CALLER_HZ, SUPERVISOR_HZ]), [CALLER_HZ, SUPERVISOR_HZ]);
  await hears('the caller (whisper)', phoneHears(caller, TONES, [AGENT_HZ]), [AGENT_HZ]);
  await hears('the supervisor (whisper)', browserHears(softphone, TONES, [CALLER_HZ, AGENT_HZ]), [CALLER_HZ, AGENT_HZ]);

  // Barge: the caller hears them too.
  const tBarge = Date.now();
  await button('Barge').click();
  const bargeMs = await phoneFirstHeard(caller, TONES, SUPERVISOR_HZ, tBarge);
  await waitMode(page, callId, 'barge', 'Barged in', 'Barge');
  await hears('the caller (barge)', phoneHears(caller, TONES, [AGENT_HZ, SUPERVISOR_HZ]), [AGENT_HZ, SUPERVISOR_HZ]);
  await hears('the agent (barge)', browserHears(agent, TONES, [CALLER_HZ, SUPERVISOR_HZ]), [CALLER_HZ, SUPERVISOR_HZ]);
  await hears('the supervisor (barge)', browserHears(softphone, TONES, [CALLER_HZ, AGENT_HZ]), [CALLER_HZ, AGENT_HZ]);
  await con.shot('console-live-calls.png');
  console.log(`monitor from the browser: Listen answered ${answeredMs} ms and heard ${listenMs} ms after the click; Whisper heard by the agent ${whisperMs} ms, Barge by the caller ${bargeMs} ms after it`);
  assert.ok(whisperMs < 500 && bargeMs < 500, `each switch is heard within 500 ms of the click (whisper ${whisperMs} ms, barge ${bargeMs} ms)`);

  // Stop: the softphone is hung up; caller and agent go on as before.
  await button('Stop').click();
  await softphone.waitForSelector('#call[data-status="ended"], #call[data-status="idle"]', { timeout: 10000 });
  await page.waitForSelector(`#live-calls-list tr[data-call-id="${callId}"]:not([data-mode])`);
  await hears('the caller (after)', phoneHears(caller, TONES, [AGENT_HZ]), [AGENT_HZ]);
  assert.equal(await agent.textContent('#call-status'), 'In call');

  // Now a supervisor of support only: the sales call still on the page is refused (403) and the list is read again.
  assert.equal((await api(c, admin, 'PATCH', `/queues/${sales}`, { supervisor_ids: [] })).status, 200);
  assert.equal((await api(c, admin, 'PATCH', `/queues/${support}`, { supervisor_ids: [user.body.id] })).status, 200);
  await button('Listen').click();
  await page.waitForSelector('#live-calls-error:text-matches("^403: .*not in a queue you supervise")');
  await page.waitForSelector('#no-live-calls');
  assert.ok(['ended', 'idle'].includes((await softphone.getAttribute('#call', 'data-status')) ?? ''), 'the refused Listen rang nothing');
  assert.equal(await callerCall.hangup(), 'SIP/2.0 200 OK');
  con.assertClean();
});

/** The row shows the mode in use, and its button (the only one) is pressed. */
async function waitMode(page: Page, callId: string, mode: string, shown: string, button: string): Promise<void> {
  const row = `#live-calls-list tr[data-call-id="${callId}"][data-mode="${mode}"]`;
  await page.waitForSelector(`${row} .monitor-mode:text-is("${shown}")`);
  assert.deepEqual(await page.locator(`${row} button[aria-pressed="true"]`).allTextContents(), [button]);
}
