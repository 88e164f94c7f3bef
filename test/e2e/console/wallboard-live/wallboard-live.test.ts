// test-file-timeout: 2 min
// Issue 15, the wallboard in the console, live on the demo center: agent1 (a desk phone) on a
// sales call and agent2 in wrap-up; three callers come through the IVR into sales with nobody
// ready: the board shows waiting 3 without being asked (pushed over the event hub; no read
// while nothing happens), the longest wait ticking, both agents' states and agent1's queue.
// Then agent2 answers the first caller after more than 25 s, over the 20 s target: today's
// service level drops to what the queue events read through the API give by the definition of
// docs/wallboard.md. The period switch and large mode change what is shown; a supervisor of
// support sees no sales. Screenshot for docs/wallboard.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { AGENT_PASSWORDS, eventually, REALM, startCenter, type Center } from '../../helpers/center.js';
import { apiRequest, login } from '../../helpers/api.js';
import { openConsole } from '../../helpers/console-page.js';
import { NodePhone } from '../../helpers/node-phone.js';
import { callThroughIvr } from '../../helpers/ivr-caller.js';

const TARGET_S = 20;
const LATE_S = 25;
const SHORT_ABANDON_S = 5;

interface QueueEvent { event: string; data: { waitSeconds?: number }; at: string }
interface BoardQueue { queue_id: string; name: string; longest_wait_seconds: number }

/** Service level as docs/wallboard.md defines it: answered within target ÷ (answered + abandoned + overflowed). */
function serviceLevel(events: QueueEvent[]): number {
  const answered = events.filter((e) => e.event === 'answered');
  const within = answered.filter((e) => (e.data.waitSeconds ?? 0) <= TARGET_S).length;
  const handled = answered.length + events.filter((e) => e.event === 'overflowed' || (e.event === 'abandoned' && (e.data.waitSeconds ?? 0) >= SHORT_ABANDON_S)).length;
  return within / handled;
}
const percent = (v: number): string => `${(Math.round(v * 1000) / 10).toFixed(1)}%`;
const seconds = (mmss: string): number => {
  const m = /^(\d+):(\d\d)$/.exec(mmss.trim());
  assert.ok(m, `a time as mm:ss: "${mmss}"`);
  return Number(m[1]) * 60 + Number(m[2]);
};
const cell = (page: Page, queue: string, figure: string) => page.locator(`#wallboard-queues tr[data-queue="${queue}"] td[data-figure="${figure}"]`);
const agentCell = (page: Page, agent: string, figure: string) => page.locator(`#wallboard-agents tr[data-agent="${agent}"] td[data-figure="${figure}"]`);

async function agentPhone(t: { after: (fn: () => void) => void }, c: Center, name: 'agent1' | 'agent2'): Promise<NodePhone> {
  const phone = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, name);
  t.after(() => phone.close());
  assert.equal(await phone.register(AGENT_PASSWORDS[name], REALM), 'SIP/2.0 200 OK');
  return phone;
}

async function caller(t: { after: (fn: () => void) => void }, c: Center, number: string): Promise<NodePhone> {
  const phone = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, number);
  t.after(() => phone.close());
  return phone;
}

test('the wallboard shows the queues and agents live, and the service level by its definition', { timeout: 110_000 }, async (t) => {
  const c = await startCenter(t, { wrapUpSeconds: 600 });
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const queues = (await apiRequest<{ items: { id: string; name: string }[] }>(c, admin, 'GET', '/queues')).body.items;
  const sales = queues.find((q) => q.name === 'sales');
  const support = queues.find((q) => q.name === 'support');
  assert.ok(sales && support);
  assert.equal((await apiRequest(c, admin, 'PATCH', `/queues/${sales.id}`, { service_level_seconds: TARGET_S })).status, 200);
  const board = async (): Promise<BoardQueue | undefined> => (await apiRequest<{ queues: BoardQueue[] }>(c, admin, 'GET', '/wallboard')).body.queues.find((q) => q.name === 'sales');
  const stateOf = async (name: string): Promise<string | undefined> => (await apiRequest<{ agents: { name: string; state: string }[] }>(c, admin, 'GET', '/wallboard')).body.agents.find((a) => a.name === name)?.state;
  const ready = async (name: 'agent1' | 'agent2'): Promise<void> => {
    assert.equal((await apiRequest(c, await login(c, name, AGENT_PASSWORDS[name]), 'POST', '/me/state', { state: 'available' })).status, 200);
  };

  // agent1 takes a sales call and stays on it; agent2 takes one the caller ends: wrap-up (600 s).
  const a1 = await agentPhone(t, c, 'agent1');
  const a2 = await agentPhone(t, c, 'agent2');
  await ready('agent1');
  const a1Answers = a1.answerNext(300);
  await callThroughIvr(await caller(t, c, '+15558880001'), 440);
  await a1Answers;
  await eventually(async () => ((await stateOf('Agent 1')) === 'on-call' ? true : undefined), 10_000, 'agent1 on a call');
  await ready('agent2');
  const a2Answers = a2.answerNext(300);
  const { call: ended } = await callThroughIvr(await caller(t, c, '+15558880002'), 440);
  await a2Answers;
  await eventually(async () => ((await stateOf('Agent 2')) === 'on-call' ? true : undefined), 10_000, 'agent2 on a call');
  assert.equal(await ended.hangup(), 'SIP/2.0 200 OK');
  await eventually(async () => ((await stateOf('Agent 2')) === 'wrap-up' ? true : undefined), 10_000, 'agent2 in wrap-up');

  const con = await openConsole(t, c);
  const { page } = con;
  await page.getByRole('navigation').getByRole('link', { name: 'Wallboard', exact: true }).click();
  await page.waitForSelector('#wallboard-live[data-status="up"]');
  await cell(page, 'sales', 'waiting').filter({ hasText: /^0$/ }).waitFor();
  const boardReads: number[] = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/wallboard') boardReads.push(Date.now()); });

  // Three callers wait in sales; nobody is ready. The page is told, it does not ask on a timer.
  for (const n of ['+15557770001', '+15557770002', '+15557770003']) await callThroughIvr(await caller(t, c, n), 440);
  await cell(page, 'sales', 'waiting').filter({ hasText: /^3$/ }).waitFor({ timeout: 10_000 });
  assert.ok(boardReads.length > 0, 'the page re-read the board on the events');
  // The reads those events caused have settled (debounced) before the clocks are read.
  await eventually(async () => (Date.now() - (boardReads.at(-1) ?? 0) > 1000 ? true : undefined), 10_000, 'the reads to settle');
  const first = seconds(await cell(page, 'sales', 'longest-wait').innerText());
  const firstInState = seconds(await agentCell(page, 'Agent 2', 'time-in-state').innerText());
  const quietFrom = Date.now();
  await new Promise((r) => setTimeout(r, 2500));
  const second = seconds(await cell(page, 'sales', 'longest-wait').innerText());
  assert.deepEqual(boardReads.filter((at) => at >= quietFrom), [], 'no read while nothing happened: pushed, not polled');
  assert.ok(second >= first + 2, `the longest wait ticks in the browser (${first} s → ${second} s)`);
  const secondInState = seconds(await agentCell(page, 'Agent 2', 'time-in-state').innerText());
  assert.ok(secondInState >= firstInState + 2, `agent2's time in wrap-up ticks (${firstInState} s → ${secondInState} s)`);
  assert.equal((await agentCell(page, 'Agent 1', 'state').innerText()).trim(), 'on-call');
  assert.equal((await agentCell(page, 'Agent 2', 'state').innerText()).trim(), 'wrap-up');
  assert.equal((await agentCell(page, 'Agent 1', 'queue').innerText()).trim(), 'sales', 'agent1\'s call came from sales');
  const agentsBy = (await cell(page, 'sales', 'agents').innerText()).replace(/\s+/g, ' ');
  assert.match(agentsBy, /1 on-call/);
  assert.match(agentsBy, /1 wrap-up/);
  assert.equal((await cell(page, 'sales', 'service-level').innerText()).trim(), '100.0%', 'both calls so far were answered within target');
  await con.shot('console-wallboard.png');

  // agent2 ends the wrap-up when the first caller has waited over 25 s and answers: late.
  // The board rounds to whole seconds (24.5 s shows as 25), the queue log keeps tenths: one
  // second more on the board makes the answer's recorded wait surely over LATE_S.
  await eventually(async () => ((await board())?.longest_wait_seconds ?? 0) >= LATE_S + 1 ? true : undefined, 40_000, `a caller waiting over ${LATE_S} s`);
  const a2Late = a2.answerNext(300);
  await ready('agent2');
  await a2Late;
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  let seen: QueueEvent[] = [];
  const events = await eventually(async () => {
    seen = (await apiRequest<{ items: QueueEvent[] }>(c, admin, 'GET', `/call-events?queue_id=${sales.id}&since=${encodeURIComponent(today.toISOString())}&limit=1000`)).body.items;
    return seen.some((e) => e.event === 'answered' && (e.data.waitSeconds ?? 0) >= LATE_S) ? seen : undefined;
  }, 20_000, 'the late answer in the queue log').catch((err: unknown) => {
    const calls = c.logs.filter((l) => typeof l.msg === 'string' && /call|offer|agent/.test(l.msg)).slice(-15).map((l) => `${String(l.msg)} ${JSON.stringify({ callId: l.callId, agentId: l.agentId, err: l.err, cause: l.cause })}`);
    throw new Error(`${String(err)}\nqueue events: ${JSON.stringify(seen.map((e) => [e.event, e.data.waitSeconds]))}\nlast call log lines:\n${calls.join('\n')}`);
  });
  const expected = serviceLevel(events);
  assert.ok(expected < 1, `the late answer lowers the service level (${expected})`);
  await cell(page, 'sales', 'service-level').filter({ hasText: percent(expected) }).waitFor({ timeout: 10_000 });
  await cell(page, 'sales', 'waiting').filter({ hasText: /^2$/ }).waitFor();
  await cell(page, 'sales', 'answered').filter({ hasText: String(events.filter((e) => e.event === 'answered').length) }).waitFor();

  // The period switch: the last 15 minutes are every call of this test too; the button says it is chosen.
  await page.click('#period-last_15_min');
  assert.equal(await page.getAttribute('#period-last_15_min', 'aria-pressed'), 'true');
  assert.equal((await cell(page, 'sales', 'offered').innerText()).trim(), String(events.filter((e) => e.event === 'entered' && Date.parse(e.at) > Date.now() - 15 * 60_000).length));
  assert.match(await page.locator('#chart-calls figcaption').innerText(), new RegExp(`today: ${events.filter((e) => e.event === 'entered').length} offered`));
  assert.equal(await page.locator('#chart-calls canvas').count(), 1, 'the calls chart is drawn');

  // Large mode, kept in the URL: fewer columns (no ASA, no call), bigger type.
  await page.click('#large-mode');
  await page.waitForSelector('#wallboard.large');
  assert.equal(new URL(page.url()).hash, '#/wallboard/large');
  assert.equal(await page.locator('#wallboard-queues thead th', { hasText: 'ASA' }).count(), 0);
  assert.equal(await page.locator('#wallboard-agents thead th', { hasText: 'Call' }).count(), 0);
  assert.ok(Number(await page.evaluate("parseFloat(getComputedStyle(document.getElementById('wallboard')).fontSize)")) >= 20, 'bigger type');
  await cell(page, 'sales', 'waiting').filter({ hasText: /^2$/ }).waitFor();

  // A supervisor of support only sees support.
  const sup = await apiRequest<{ id: string }>(c, admin, 'POST', '/users', { username: 'wall-sup', role: 'supervisor', password: 'wallboard-sup-pw' });
  assert.equal((await apiRequest(c, admin, 'PATCH', `/queues/${support.id}`, { supervisor_ids: [sup.body.id] })).status, 200);
  await page.click('#sign-out');
  await page.fill('#username', 'wall-sup');
  await page.fill('#password', 'wallboard-sup-pw');
  await page.click('#login-button');
  await page.waitForSelector('#wallboard-queues tr[data-queue="support"]');
  assert.deepEqual(await page.evaluate("[...document.querySelectorAll('#wallboard-queues tbody tr')].map((r) => r.dataset.queue)"), ['support']);
  con.assertClean();
});
