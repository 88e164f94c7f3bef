// test-file-timeout: 3 min
// Issue 14, the audit view: an admin's session in the console (a queue created, then edited, a
// trunk created with a registration password, the queue deleted) is listed in the audit view
// newest first, each change with who, from where, and its before/after (the edited field
// marked changed, the others not); the trunk's password is in neither the page nor the API's
// entries. "Older" pages past 50 newer entries; the filters narrow by resource, action, actor
// and time, and a reversed time range is refused with the server's message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { eventually, startCenter } from '../../helpers/center.js';
import { apiRequest as api, login } from '../../helpers/api.js';
import { goTo, openConsole, rowButton, submitForm } from '../../helpers/console-page.js';

const SECRET = 'Audit-Trunk-pw-9137';

/** The listed entries as "action resource name", top to bottom. */
async function listed(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('#audit-list > tbody > tr[data-id]')].map((r) => r.dataset.action + ' ' + r.querySelector('th').textContent)`);
}

/** The listed entries' ids, top to bottom. */
async function listedIds(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('#audit-list > tbody > tr[data-id]')].map((r) => r.dataset.id)`);
}

/** Sets every filter (those not named empty), shows, and waits until the list is `expected`. */
async function filterShows(page: Page, fields: Record<string, string>, expected: string[]): Promise<void> {
  for (const key of ['resource', 'actor', 'action', 'since', 'until']) await page.fill(`#audit-${key}`, fields[key] ?? '');
  await page.click('#audit-apply');
  await shows(page, expected);
}

async function shows(page: Page, expected: string[]): Promise<void> {
  await eventually(async () => (JSON.stringify(await listed(page)) === JSON.stringify(expected) ? true : undefined), 10_000, `the list ${JSON.stringify(expected)}`)
    .catch(async (err: unknown) => assert.deepEqual(await listed(page), expected, String(err)));
}

test('the audit view lists a session of changes with before/after, never the password', { timeout: 150_000 }, async (t) => {
  const c = await startCenter(t);
  const con = await openConsole(t, c);
  const { page } = con;
  await page.waitForSelector('#page-title:text-is("Trunks")');

  await goTo(page, 'Queues');
  await page.click('#new');
  await page.fill('#f-name', 'billing');
  await page.selectOption('#f-strategy', 'round-robin');
  await submitForm(page);
  await rowButton(page, 'Edit billing');
  await page.fill('#f-ring_timeout_seconds', '25');
  await submitForm(page, 'Save');
  await page.waitForSelector('#queues-list tr:has(th:text-is("billing")) td:text-is("25")');

  await goTo(page, 'Trunks');
  await page.click('#new');
  await page.fill('#f-name', 'carrier-reg');
  await page.selectOption('#f-auth_type', 'registration');
  await page.fill('#f-register_host', '192.0.2.10');
  await page.fill('#f-register_username', 'acme');
  await page.fill('#f-register_password', SECRET);
  await submitForm(page);

  await goTo(page, 'Queues');
  await rowButton(page, 'Delete billing');
  await page.locator('#confirm').getByRole('button', { name: 'Delete', exact: true }).click();
  await page.waitForSelector('#confirm', { state: 'detached' });

  await goTo(page, 'Audit log');
  await page.waitForSelector('#audit-list tbody tr[data-id]');
  assert.deepEqual((await listed(page)).slice(0, 4), ['delete queue billing', 'create trunk carrier-reg', 'update queue billing', 'create queue billing'], 'newest first');
  const top = page.locator('#audit-list > tbody > tr[data-id]').first();
  assert.match((await top.locator('td').nth(1).textContent()) ?? '', /^admin \(admin\)$/);
  assert.match((await top.locator('td').nth(3).textContent()) ?? '', /127\.0\.0\.1/);

  // The edit: ring timeout changed (marked, with both values), the name did not.
  const update = page.locator('#audit-list > tbody > tr[data-action="update"]').first();
  const updateId = (await update.getAttribute('data-id')) ?? '';
  await update.getByRole('button', { name: `Changes of entry ${updateId}` }).click();
  const diff = page.locator(`#audit-diff-${updateId}`);
  await diff.waitFor();
  assert.equal(await update.getByRole('button', { name: `Changes of entry ${updateId}` }).getAttribute('aria-expanded'), 'true');
  const ring = diff.locator('tr[data-field="ring_timeout_seconds"]');
  assert.equal(await ring.getAttribute('data-changed'), 'yes');
  const [before, after] = await ring.locator('td').allTextContents();
  assert.notEqual(before, after);
  assert.equal(after, '25');
  assert.equal(await diff.locator('tr[data-field="name"]').getAttribute('data-changed'), 'no');
  assert.deepEqual((await diff.locator('tr[data-changed="yes"] th').allTextContents()).sort(), ['ring_timeout_seconds (changed)', 'updated_at (changed)'], 'only the edited field (and the time of the edit) is marked');
  assert.match((await diff.locator('.audit-set').textContent()) ?? '', /^ring_timeout_seconds$/);
  assert.equal(await diff.locator('tr[data-field="name"]').isVisible(), false, 'unchanged fields are folded');
  await con.shot('console-audit.png');
  await diff.locator('summary').click();
  assert.equal(await diff.locator('tr[data-field="name"] td').nth(1).textContent(), 'billing');

  // Every entry open: the creation has no before, the deletion no after; the password shows nowhere.
  for (const id of await listedIds(page)) {
    if (id !== updateId) await page.getByRole('button', { name: `Changes of entry ${id}` }).click();
  }
  const trunkEntry = page.locator('#audit-list > tbody > tr[data-resource="trunk"]').first();
  const trunkDiff = page.locator(`#audit-diff-${(await trunkEntry.getAttribute('data-id')) ?? ''}`);
  assert.equal(await trunkDiff.locator('tr[data-field="name"] td').first().textContent(), '—', 'a creation has no before');
  assert.equal(await trunkDiff.locator('tr[data-field="has_register_password"] td').nth(1).textContent(), 'true');
  assert.match((await trunkDiff.locator('.audit-set').textContent()) ?? '', /register_password/, 'the request set the password (its name only)');
  const deletion = page.locator('#audit-list > tbody > tr[data-action="delete"]').first();
  const deletionDiff = page.locator(`#audit-diff-${(await deletion.getAttribute('data-id')) ?? ''}`);
  assert.deepEqual(await deletionDiff.locator('tr[data-field="ring_timeout_seconds"] td').allTextContents(), ['25', '—'], 'a deletion keeps what was deleted, and has no after');
  const creation = page.locator('#audit-list > tbody > tr[data-action="create"][data-resource="queue"]').first();
  const creationDiff = page.locator(`#audit-diff-${(await creation.getAttribute('data-id')) ?? ''}`);
  assert.deepEqual(await creationDiff.locator('tr[data-field="strategy"] td').allTextContents(), ['—', 'round-robin']);
  assert.ok(!(await page.content()).includes(SECRET), 'the password is not in the HTML');
  assert.ok(!(await page.innerText('body')).includes(SECRET), 'the password is not in the page text');
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const all = await fetch(`http://127.0.0.1:${c.httpPort}/api/audit?limit=500`, { headers: { authorization: `Bearer ${admin}` } });
  assert.equal(all.status, 200);
  const text = await all.text();
  assert.match(text, /carrier-reg/);
  assert.ok(!text.includes(SECRET), 'the password is not in the API\'s entries');

  // 50 newer changes push the session to the second page: "Older" brings it, ids keep falling.
  const support = (await api<{ items: { id: string; name: string }[] }>(c, admin, 'GET', '/queues')).body.items.find((q) => q.name === 'support');
  assert.ok(support);
  for (let i = 0; i < 50; i++) assert.equal((await api(c, admin, 'PATCH', `/queues/${support.id}`, { max_wait_seconds: 100 + i })).status, 200);
  await filterShows(page, {}, Array<string>(50).fill('update queue support'));
  await page.click('#audit-older');
  await page.waitForSelector('#audit-list tr[data-id]:nth-child(51)');
  const both = await listed(page);
  assert.deepEqual(both.slice(50, 54), ['delete queue billing', 'create trunk carrier-reg', 'update queue billing', 'create queue billing'], 'the session on the older page');
  const ids = (await listedIds(page)).map(Number);
  assert.ok(ids.every((id, i) => i === 0 || id < (ids[i - 1] ?? 0)), 'newest first across pages, no repeat');
  assert.equal(await page.locator('#audit-older').count(), 0, 'no older page');

  // The choices offered are the API's audited resources and actions.
  assert.equal(await page.locator('#audit-resources option[value="trunk"]').count(), 1);
  assert.equal(await page.locator('#audit-actions option[value="member.add"]').count(), 1);
  await filterShows(page, { resource: 'trunk' }, ['create trunk carrier-reg']);
  await filterShows(page, { action: 'delete' }, ['delete queue billing']);
  await filterShows(page, { actor: 'agent1' }, []);
  await page.waitForSelector('text=No entry matches.');
  await filterShows(page, { resource: 'queue', action: 'create', since: '2000-01-01T00:00', until: '2099-01-01T00:00' }, ['create queue billing']);
  await filterShows(page, { since: '2099-01-01T00:00' }, []);
  await filterShows(page, { resource: 'trunk' }, ['create trunk carrier-reg']);
  await page.fill('#audit-since', '2099-01-02T00:00');
  await page.fill('#audit-until', '2099-01-01T00:00');
  await page.click('#audit-apply');
  await page.waitForSelector('#page-error:text("must be after since")');
  assert.deepEqual(await listed(page), [], 'a refused filter lists nothing');
  con.assertClean();
});
