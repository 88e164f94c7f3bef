// test-file-timeout: 3 min
// Issue 14, the console's lists ask the server: with 32 queues (25 a page) the queues list
// shows page 1, Next the other 7 and Previous page 1 again; a click on "Name" sorts every page
// by name (again: the other way), a column the server cannot sort has a plain header; typing in
// the search asks once typing pauses and lists what the server found, across pages and in the
// chosen order; a search that finds nothing says so, and clearing it brings page 1 back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { eventually, startCenter } from '../../helpers/center.js';
import { apiRequest as api, login } from '../../helpers/api.js';
import { goTo, openConsole } from '../../helpers/console-page.js';

const shown = (page: Page): Promise<string[]> => page.locator('#queues-list tbody th').allTextContents();

/** Waits until the list shows exactly `expected` (each change is a request to the server). */
async function showsRows(page: Page, expected: string[]): Promise<void> {
  await eventually(async () => (JSON.stringify(await shown(page)) === JSON.stringify(expected) ? true : undefined), 10_000, `the rows ${expected.join(', ')}`)
    .catch(async (err: unknown) => assert.deepEqual(await shown(page), expected, String(err)));
}

test('the queues list searches, sorts and pages on the server', { timeout: 150_000 }, async (t) => {
  const c = await startCenter(t);
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const made = Array.from({ length: 30 }, (_, i) => `q-${String(i + 1).padStart(2, '0')}`);
  for (const name of made) assert.equal((await api(c, admin, 'POST', '/queues', { name, strategy: 'ring-all' })).status, 201);
  const byCreation = ['sales', 'support', ...made];
  const byName = [...made, 'sales', 'support'];

  const con = await openConsole(t, c);
  const { page } = con;
  await page.waitForSelector('#page-title:text-is("Trunks")');
  await goTo(page, 'Queues');
  await showsRows(page, byCreation.slice(0, 25));
  assert.equal(await page.textContent('#queues-list-page'), 'Page 1');
  assert.equal(await page.isDisabled('#queues-list-previous'), true);
  await page.click('#queues-list-next');
  await showsRows(page, byCreation.slice(25));
  assert.equal(await page.textContent('#queues-list-page'), 'Page 2');
  assert.equal(await page.isDisabled('#queues-list-next'), true, 'the last page');
  await page.click('#queues-list-previous');
  await showsRows(page, byCreation.slice(0, 25));

  // Sorting: the server's order on every page; a JSON column's header is not a button.
  const nameHeader = page.locator('#queues-list thead th').filter({ hasText: 'Name' });
  await nameHeader.getByRole('button').click();
  await showsRows(page, byName.slice(0, 25));
  assert.equal(await nameHeader.getAttribute('aria-sort'), 'ascending');
  await nameHeader.getByRole('button').click();
  await showsRows(page, [...byName].reverse().slice(0, 25));
  assert.equal(await nameHeader.getAttribute('aria-sort'), 'descending');
  assert.equal(await page.textContent('#queues-list-page'), 'Page 1', 'a new order starts at page 1');
  await page.click('#queues-list-next');
  await showsRows(page, [...byName].reverse().slice(25));
  assert.equal(await page.locator('#queues-list thead th').filter({ hasText: 'Wrap-up codes' }).getByRole('button').count(), 0, 'wrap-up codes do not sort');
  assert.equal(await page.locator('#queues-list thead th').filter({ hasText: 'Strategy' }).getByRole('button').count(), 1);

  // Searching: asked once typing pauses, found on the server (not only this page), still sorted.
  const asked: string[] = [];
  page.on('request', (r) => {
    const q = new URL(r.url()).searchParams.get('q');
    if (r.url().includes('/api/queues?') && q !== null) asked.push(q);
  });
  await page.locator('#queues-list-search').pressSequentially('q-1', { delay: 20 });
  await showsRows(page, ['q-19', 'q-18', 'q-17', 'q-16', 'q-15', 'q-14', 'q-13', 'q-12', 'q-11', 'q-10']);
  assert.deepEqual(asked, ['q-1'], 'one request, once typing paused');
  assert.equal(await page.locator('#queues-list-page').count(), 0, 'one page: no pager');
  assert.match((await page.textContent('#queues-list-search-hint')) ?? '', /name/);
  await page.fill('#queues-list-search', 'SUPP');
  await showsRows(page, ['support']);
  await page.fill('#queues-list-search', 'no-such-queue');
  await showsRows(page, []);
  await page.waitForSelector('#queues-list + p:text("Nothing matches the search.")');
  await page.fill('#queues-list-search', '');
  await showsRows(page, [...byName].reverse().slice(0, 25));
  assert.equal(await page.textContent('#queues-list-page'), 'Page 1');
  con.assertClean();
});
