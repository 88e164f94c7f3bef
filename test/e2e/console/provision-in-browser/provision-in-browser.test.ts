// test-file-timeout: 4 min
// Issue 14, the admin console: on a clean center an admin provisions everything in the browser,
// with forms drawn from the API's schemas — a trunk (IP allow-list, channel cap), a
// queue (strategy, timeouts, wrap-up codes), a number to that queue on that trunk, an agent
// through "New agent" (the generated passwords shown once, and they work), the agent as a
// member of the queue, and a schedule (weekly hours, a holiday) whose "Open now?" agrees with
// the server. The test changes nothing through the API: it only reads back that every row
// holds what was typed. Fields the API takes at one value only are not offered. No CSP
// violation on the way. Screenshots of the queue form and the
// trunk list go to docs/ with UPDATE_DOCS_SCREENSHOT=1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter } from '../../helpers/center.js';
import { apiRequest as api, login } from '../../helpers/api.js';
import { goTo, openConsole, rowButton, submitForm } from '../../helpers/console-page.js';

type Row = Record<string, unknown> & { id: string; name?: string };

test('an admin provisions trunk, queue, number, agent, members and schedule in the browser', { timeout: 180_000 }, async (t) => {
  const c = await startCenter(t, { demo: false });
  const con = await openConsole(t, c);
  const { page } = con;
  await page.waitForSelector('#page-title:text-is("Trunks")');

  // Trunk: IP allow-list, a channel cap.
  await page.click('#new');
  await page.fill('#f-name', 'carrier-a');
  await page.selectOption('#f-auth_type', 'ip');
  await page.fill('#f-allowed_cidrs', '203.0.113.0/24\n198.51.100.7/32');
  await page.fill('#f-max_channels', '30');
  await submitForm(page);
  await page.waitForSelector('#trunks-list th:text-is("carrier-a")');

  // Queue: strategy, ring timeout, wrap-up codes, service level.
  await goTo(page, 'Queues');
  await page.click('#new');
  await page.fill('#f-name', 'billing');
  await page.selectOption('#f-strategy', 'round-robin');
  await page.fill('#f-ring_timeout_seconds', '25');
  await page.fill('#f-max_wait_seconds', '300');
  await page.fill('#f-service_level_seconds', '30');
  await page.fill('#f-wrap_up_codes', 'paid\nrefund');
  await page.check('#f-wrap_up_code_required');
  // Fields the API takes at one value only ("not available yet") are not offered.
  assert.equal(await page.locator('#f-callback_allowed, #f-required_skills, #f-schedule_id').count(), 0, 'no field that can only be refused');
  await page.evaluate("document.getElementById('resource-dialog').scrollTop = 0");
  await con.shot('console-queue.png');
  await submitForm(page);
  await page.waitForSelector('#queues-list th:text-is("billing")');

  // Number → the queue, on the trunk (both picked by name).
  await goTo(page, 'Numbers');
  await page.click('#new');
  await page.fill('#f-e164', '+15550199');
  await page.selectOption('#f-destination-type', 'queue');
  await page.selectOption('#f-destination-id', { label: 'billing' });
  await page.selectOption('#f-trunk_id', { label: 'carrier-a' });
  await page.fill('#f-description', 'Billing line');
  await submitForm(page);
  await page.waitForSelector('#numbers-list td:text-is("queue: billing")');

  // Agent and user in one step; the passwords are shown once.
  await goTo(page, 'Agents');
  await page.click('#new');
  await page.fill('#f-name', 'Dana Diaz');
  await page.fill('#f-username', 'dana');
  await page.fill('#f-extension', '1050');
  assert.equal(await page.locator('#f-max_concurrent_calls').count(), 0, 'one call at a time is all there is');
  await page.click('#f-skills-add');
  await page.fill('#f-skills-0-skill', 'spanish');
  await page.fill('#f-skills-0-proficiency', '4');
  await page.locator('#resource-dialog').getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForSelector('#secrets');
  const password = (await page.textContent('#secret-0')) ?? '';
  const sipPassword = (await page.textContent('#secret-1')) ?? '';
  assert.match(await page.textContent('#secrets') ?? '', /Sign-in password of Dana Diaz \(dana\)/);
  assert.ok(password.length >= 8 && sipPassword.length >= 8, 'both passwords shown');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#secrets', { state: 'detached' });
  await page.waitForSelector('#agents-list th:text-is("Dana Diaz")');

  // The agent joins the queue.
  await goTo(page, 'Queues');
  await rowButton(page, 'Members of billing');
  await page.selectOption('#f-agent_id', { label: 'Dana Diaz' });
  await page.fill('#f-penalty', '2');
  await page.locator('#member-form').getByRole('button', { name: 'Add' }).click();
  await page.waitForSelector('#members-list th:text-is("Dana Diaz")');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#members', { state: 'detached' });

  // Schedule: every day 08:00–20:00 in Paris and Christmas off; "Open now?" as the server says.
  await goTo(page, 'Schedules');
  await page.click('#new');
  await page.fill('#f-name', 'office-hours');
  await page.fill('#f-time_zone', 'Europe/Paris');
  for (let day = 0; day < 7; day++) {
    await page.click('#f-weekly_hours-add');
    await page.selectOption(`#f-weekly_hours-${day}-day`, String(day));
    await page.fill(`#f-weekly_hours-${day}-open`, '08:00');
    await page.fill(`#f-weekly_hours-${day}-close`, '20:00');
  }
  await page.click('#f-holidays-add');
  await page.fill('#f-holidays-0-date', '2026-12-25');
  await page.fill('#f-holidays-0-name', 'Christmas');
  await submitForm(page);
  await page.waitForSelector('#schedules-list th:text-is("office-hours")');
  await rowButton(page, 'Open now? office-hours');
  await page.waitForSelector('[id^="open-now-"]:text-matches("^(Open|Closed) now")');
  const shown = (await page.textContent('[id^="open-now-"]')) ?? '';

  await goTo(page, 'Trunks');
  await page.waitForSelector('#trunks-list th:text-is("carrier-a")');
  await con.shot('console-trunks.png');
  con.assertClean();

  // Read back: every row holds what was typed.
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const all = async (path: string): Promise<Row[]> => (await api<{ items: Row[] }>(c, admin, 'GET', path)).body.items;
  const trunk = (await all('/trunks')).find((r) => r.name === 'carrier-a');
  assert.ok(trunk);
  assert.deepEqual(trunk.allowed_cidrs, ['203.0.113.0/24', '198.51.100.7/32']);
  assert.equal(trunk.auth_type, 'ip');
  assert.equal(trunk.max_channels, 30);
  const queue = (await all('/queues')).find((r) => r.name === 'billing');
  assert.ok(queue);
  assert.equal(queue.strategy, 'round-robin');
  assert.equal(queue.ring_timeout_seconds, 25);
  assert.equal(queue.max_wait_seconds, 300);
  assert.equal(queue.service_level_seconds, 30);
  assert.deepEqual(queue.wrap_up_codes, ['paid', 'refund']);
  assert.equal(queue.wrap_up_code_required, true);
  const number = (await all('/numbers')).find((r) => r.e164 === '+15550199');
  assert.ok(number);
  assert.deepEqual(number.destination, { type: 'queue', id: queue.id });
  assert.equal(number.trunk_id, trunk.id);
  assert.equal(number.description, 'Billing line');
  const agent = (await all('/agents')).find((r) => r.name === 'Dana Diaz');
  assert.ok(agent);
  assert.equal(agent.extension, '1050');
  assert.deepEqual(agent.skills, [{ skill: 'spanish', proficiency: 4 }]);
  const user = (await all('/users')).find((r) => r.username === 'dana');
  assert.ok(user && user.id === agent.user_id && user.role === 'agent');
  await login(c, 'dana', password);
  const members = (await api<Row[]>(c, admin, 'GET', `/queues/${queue.id}/members`)).body;
  assert.deepEqual(members.map((m) => [m.agent_id, m.penalty]), [[agent.id, 2]]);
  const schedule = (await all('/schedules')).find((r) => r.name === 'office-hours');
  assert.ok(schedule);
  assert.equal(schedule.time_zone, 'Europe/Paris');
  assert.equal((schedule.weekly_hours as unknown[]).length, 7);
  assert.deepEqual((schedule.weekly_hours as unknown[])[3], { day: 3, open: '08:00', close: '20:00' });
  assert.deepEqual(schedule.holidays, [{ date: '2026-12-25', name: 'Christmas' }]);
  const status = (await api<{ open: boolean }>(c, admin, 'GET', `/schedules/${schedule.id}/status`)).body;
  assert.ok(shown.startsWith(status.open ? 'Open now' : 'Closed now'), `page says "${shown}", the server open=${status.open}`);
  assert.match(shown, /(opens|closes) /, 'and when it changes');
});
