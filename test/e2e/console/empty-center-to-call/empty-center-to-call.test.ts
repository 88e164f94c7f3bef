// test-file-timeout: 5 min
// Issue 14 as a new admin meets it: a center with nothing in it (no demo seed), and everything a
// first call needs made in the browser — a trunk for the carrier at 127.0.0.1, queues sales and
// support, two agents through "New agent" (the passwords read once from the page), each in one
// queue, an always-open schedule, an IVR built in the visual editor (hours → a welcome that
// offers 1 for sales and 2 for support → a menu → the two queues) and the number on the trunk
// leading to it. The test types no JSON and makes no API call: it drives the pages. Then both
// agents sign in to the softphone and go ready, and a sipp caller from the carrier dials the
// number and presses 2: the support agent's softphone rings, not the sales agent's; answered,
// the agent's microphone tone goes to the caller and comes back (sipp echoes every packet), so
// the agent hears their own tone: audio crossed both ways. The agent hangs up; the call record
// says support and the second agent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { eventually, startCenter } from '../../helpers/center.js';
import { launchAgentBrowser, signedInPage } from '../../helpers/agent-page.js';
import { goTo, openConsole, rowButton, submitForm } from '../../helpers/console-page.js';
import { assertSippOk, repoRoot, startSipp } from '../../../sip/helpers/sipp.js';
import { reposOf } from '../../../sip/calls/helpers/call-rig.js';

const MIC_HZ = 600;
const HERE = join(repoRoot(), 'test', 'e2e', 'console', 'empty-center-to-call');

/** A time zone where it is now between 01:00 and 23:00, so a 00:00–23:59 week is open now. */
function zoneAwakeNow(): string {
  const hour = new Date().getUTCHours();
  if (hour >= 1 && hour <= 22) return 'UTC';
  return 'Etc/GMT-6'; // UTC+6: 05:00–06:59 there
}

async function newAgent(page: Page, name: string, username: string, extension: string): Promise<string> {
  await page.click('#new');
  await page.fill('#f-name', name);
  await page.fill('#f-username', username);
  await page.fill('#f-extension', extension);
  await page.locator('#resource-dialog').getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForSelector('#secrets');
  const password = (await page.textContent('#secret-0')) ?? '';
  assert.ok(password.length >= 8, `the sign-in password of ${name} is shown`);
  await page.keyboard.press('Escape');
  await page.waitForSelector('#secrets', { state: 'detached' });
  await page.waitForSelector(`#agents-list th:text-is("${name}")`);
  return password;
}

async function member(page: Page, queue: string, agent: string): Promise<void> {
  await rowButton(page, `Members of ${queue}`);
  await page.selectOption('#f-agent_id', { label: agent });
  await page.locator('#member-form').getByRole('button', { name: 'Add' }).click();
  await page.waitForSelector(`#members-list th:text-is("${agent}")`);
  await page.keyboard.press('Escape');
  await page.waitForSelector('#members', { state: 'detached' });
}

/** Adds a node of `verb` in the flow editor and returns its name (the editor selects it). */
async function addNode(page: Page, verb: string): Promise<string> {
  await page.selectOption('#add-verb', verb);
  await page.click('#add-node');
  return (await page.waitForSelector('#node-panel[data-node]')).getAttribute('data-node').then((n) => n ?? '');
}

test('from an empty center, an admin sets up a line in the browser and a caller pressing 2 reaches the second agent', { timeout: 270_000 }, async (t) => {
  const c = await startCenter(t, { demo: false });
  const con = await openConsole(t, c);
  const { page } = con;
  await page.waitForSelector('#page-title:text-is("Trunks")');

  // The carrier: calls from 127.0.0.1 are its calls.
  await page.click('#new');
  await page.fill('#f-name', 'carrier');
  await page.selectOption('#f-auth_type', 'ip');
  await page.fill('#f-allowed_cidrs', '127.0.0.1/32');
  await submitForm(page);
  await page.waitForSelector('#trunks-list th:text-is("carrier")');

  await goTo(page, 'Queues');
  for (const name of ['sales', 'support']) {
    await page.click('#new');
    await page.fill('#f-name', name);
    await page.selectOption('#f-strategy', 'longest-idle');
    await submitForm(page);
    await page.waitForSelector(`#queues-list th:text-is("${name}")`);
  }

  await goTo(page, 'Agents');
  const salesPassword = await newAgent(page, 'Sam Sales', 'sam', '1201');
  const supportPassword = await newAgent(page, 'Sue Support', 'sue', '1202');
  await goTo(page, 'Queues');
  await member(page, 'sales', 'Sam Sales');
  await member(page, 'support', 'Sue Support');

  await goTo(page, 'Schedules');
  await page.click('#new');
  await page.fill('#f-name', 'always-open');
  await page.fill('#f-time_zone', zoneAwakeNow());
  for (let day = 0; day < 7; day++) {
    await page.click('#f-weekly_hours-add');
    await page.selectOption(`#f-weekly_hours-${day}-day`, String(day));
    await page.fill(`#f-weekly_hours-${day}-open`, '00:00');
    await page.fill(`#f-weekly_hours-${day}-close`, '23:59');
  }
  await submitForm(page);
  await page.waitForSelector('#schedules-list th:text-is("always-open")');

  // The IVR, in the editor: a new flow starts as welcome (say) → goodbye (hangup).
  await goTo(page, 'IVR flows');
  await page.click('#new');
  await page.waitForSelector('#flow-graph [data-node="welcome"]');
  await page.fill('#flow-name', 'front-door');
  const salesNode = await addNode(page, 'queue');
  await page.selectOption('#f-queue', 'sales');
  const supportNode = await addNode(page, 'queue');
  await page.selectOption('#f-queue', 'support');
  const menuNode = await addNode(page, 'menu');
  await page.click('#f-options-add');
  await page.click('#f-options-add');
  assert.deepEqual([await page.inputValue('#f-options-0-key'), await page.inputValue('#f-options-1-key')], ['1', '2']);
  await page.selectOption('#f-options-0-to', salesNode);
  await page.selectOption('#f-options-1-to', supportNode);
  await page.selectOption('#f-on_failure', 'goodbye');
  await page.click('[data-node="welcome"]');
  await page.waitForSelector('#node-panel[data-node="welcome"]');
  await page.fill('#f-text', 'Thanks for calling. Press 1 for sales, 2 for support.');
  await page.check('#f-barge_in');
  await page.selectOption('#f-next', menuNode);
  const hoursNode = await addNode(page, 'hours');
  await page.selectOption('#f-schedule_id', { label: 'always-open' });
  await page.selectOption('#f-on_open', 'welcome');
  await page.selectOption('#f-on_closed', 'goodbye');
  await page.click('#node-start');
  await page.waitForSelector(`#flow-graph [data-node="${hoursNode}"]:has-text("start")`);
  assert.equal(await page.locator('#flow-graph [data-invalid]').count(), 0, 'no node has a problem');
  await page.click('#publish');
  const outcome = await page.waitForSelector('#flow-status:has-text("Published"), #flow-error:not(:empty)');
  assert.match(await outcome.textContent() ?? '', /^Published version 1/);

  await goTo(page, 'Numbers');
  await page.click('#new');
  await page.fill('#f-e164', '+15550150');
  await page.selectOption('#f-destination-type', 'ivr');
  await page.selectOption('#f-destination-id', { label: 'front-door' });
  await page.selectOption('#f-trunk_id', { label: 'carrier' });
  await submitForm(page);
  await page.waitForSelector('#numbers-list td:text-is("ivr: front-door")');
  con.assertClean();

  // Both agents at their softphones, ready; each hears what comes back of a 600 Hz microphone.
  const dir = mkdtempSync(join(tmpdir(), 'sb-empty-center-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const mic = join(dir, 'mic.wav');
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', mic, 'synth', '60', 'sine', String(MIC_HZ), 'vol', '0.5']);
  const agents = await launchAgentBrowser(t, mic);
  const sam = await signedInPage(agents, c.httpPort, { username: 'sam', password: salesPassword });
  const sue = await signedInPage(agents, c.httpPort, { username: 'sue', password: supportPassword });
  for (const agent of [sam, sue]) {
    await agent.click('#go-ready');
    await agent.waitForSelector('#agent-state[data-state="available"]');
  }

  const caller = await startSipp({
    scenario: join(HERE, 'caller-presses-2.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: '15550150', timeoutSec: 90, extra: ['-rtp_echo'],
  });
  t.after(() => caller.kill());
  await sue.waitForSelector('#call[data-status="ringing"]', { timeout: 30000 });
  assert.match(await sue.textContent('#caller-number') ?? '', /15557770002/);
  assert.equal(await sam.locator('#call[data-status="ringing"]').count(), 0, 'the sales agent is not offered a support call');
  await sue.click('#answer');
  await sue.waitForSelector('#call[data-status="active"]', { timeout: 10000 });
  const readings: number[] = [];
  const heard = await eventually(async () => {
    const hz = Number(await sue.evaluate('window.__softphoneDebug.remotePeakHz()'));
    readings.push(Math.round(hz));
    return Math.abs(hz - MIC_HZ) < 40 ? hz : undefined;
  }, 20000, "the agent's tone, there and back through the caller").catch((err: unknown) => {
    throw new Error(`${String(err)}; the agent heard peaks at ${readings.slice(-10).join(', ')} Hz`);
  });
  assert.ok(Math.abs(heard - MIC_HZ) < 40);
  await sue.click('#hangup');
  assertSippOk(await caller.done, 'caller');

  // The record: the support queue and the second agent.
  const repos = reposOf(c);
  const record = await eventually(async () => (await repos.calls.search({ limit: 5, number: '+15557770002' })).items.find((r) => r.ended_at !== null), 10000, 'the call record, ended');
  const support = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'support');
  const sueRow = (await repos.agents.list({ limit: 10 })).items.find((a) => a.name === 'Sue Support');
  assert.equal(record.queue_id, support?.id, 'the call went to support');
  assert.equal(record.agent_id, sueRow?.id, 'and was answered by the second agent');
});
