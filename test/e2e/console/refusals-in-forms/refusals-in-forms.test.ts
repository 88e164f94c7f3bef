// test-file-timeout: 3 min
// Issue 14, the admin console: the server's refusals reach the admin where they belong — a
// trunk with an invalid CIDR shows the message under "Allowed cidrs" (the form stays open,
// nothing is created); deleting a queue that a number points to asks first, then shows the 409
// that names the number, and the queue is still there; deleting the demo queue the IVR
// main-menu sends callers to names the flow and its node, and deletes nothing. No CSP violation
// on the way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter } from '../../helpers/center.js';
import { apiRequest as api, login } from '../../helpers/api.js';
import { goTo, openConsole, rowButton } from '../../helpers/console-page.js';

test('a field error shows on its field, a refused delete says who uses the row', { timeout: 120_000 }, async (t) => {
  const c = await startCenter(t, { demo: false });
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const queue = await api<{ id: string }>(c, admin, 'POST', '/queues', { name: 'sales', strategy: 'ring-all' });
  assert.equal(queue.status, 201);
  assert.equal((await api(c, admin, 'POST', '/numbers', { e164: '+15550123', destination: { type: 'queue', id: queue.body.id } })).status, 201);

  const con = await openConsole(t, c);
  const { page } = con;
  await page.waitForSelector('#page-title:text-is("Trunks")');
  await page.click('#new');
  // The dialog opens once the form's schema is read; it focuses its first field as it opens.
  await page.waitForSelector('#resource-dialog[open]', { timeout: 5000 });
  assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'f-name', 'the first field has the focus');
  await page.fill('#f-name', 'bad-trunk');
  await page.selectOption('#f-auth_type', 'ip');
  await page.fill('#f-allowed_cidrs', '10.0.0.0/8\n300.1.2.3/40');
  await page.locator('#resource-dialog').getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForSelector('#f-allowed_cidrs-error:not(:empty)');
  const message = (await page.textContent('#f-allowed_cidrs-error')) ?? '';
  assert.match(message, /^1: .*cidr/i, `the message names the second entry: ${message}`);
  assert.equal(await page.getAttribute('#f-allowed_cidrs', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#f-allowed_cidrs-error', 'role'), 'alert');
  assert.equal(await page.textContent('#f-name-error'), '', 'other fields have no error');
  // Escape closes the dialog; nothing was created.
  await page.keyboard.press('Escape');
  await page.waitForSelector('#resource-dialog', { state: 'detached' });
  assert.deepEqual((await api<{ items: unknown[] }>(c, admin, 'GET', '/trunks')).body.items, []);

  await goTo(page, 'Queues');
  await rowButton(page, 'Delete sales');
  await page.waitForSelector('#confirm p:text("Delete queue sales?")');
  await page.locator('#confirm').getByRole('button', { name: 'Delete', exact: true }).click();
  await page.waitForSelector('#confirm-error:not(:empty)');
  const refusal = (await page.textContent('#confirm-error')) ?? '';
  assert.match(refusal, /queue "sales" is used by .*\+15550123/, refusal);
  await page.locator('#confirm').getByRole('button', { name: 'Close', exact: true }).click();
  await page.waitForSelector('#confirm', { state: 'detached' });
  assert.equal((await api(c, admin, 'GET', `/queues/${queue.body.id}`)).status, 200, 'the queue is still there');
  await page.waitForSelector('#queues-list th:text-is("sales")');
  con.assertClean();
});

test('deleting the queue the demo IVR uses shows the 409 naming the flow and its node, and deletes nothing', { timeout: 120_000 }, async (t) => {
  const c = await startCenter(t);
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const salesBefore = (await api<{ items: { id: string; name: string }[] }>(c, admin, 'GET', '/queues')).body.items.find((q) => q.name === 'sales');
  assert.ok(salesBefore, 'the demo has a sales queue');
  const con = await openConsole(t, c);
  const { page } = con;
  await page.waitForSelector('#page-title:text-is("Trunks")');
  await goTo(page, 'Queues');
  await rowButton(page, 'Delete sales');
  await page.waitForSelector('#confirm p:text("Delete queue sales?")');
  const answered = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().endsWith(`/api/queues/${salesBefore.id}`));
  await page.locator('#confirm').getByRole('button', { name: 'Delete', exact: true }).click();
  assert.equal((await answered).status(), 409);
  await page.waitForSelector('#confirm-error:not(:empty)');
  const refusal = (await page.textContent('#confirm-error')) ?? '';
  assert.match(refusal, /^queue "sales" is used by IVR flow "main-menu" \(node sales\); change or delete those first$/, refusal);
  assert.equal(await page.locator('#confirm').getByRole('button', { name: 'Delete', exact: true }).count(), 0, 'no second try: the dialog only explains');
  await page.locator('#confirm').getByRole('button', { name: 'Close', exact: true }).click();
  await page.waitForSelector('#confirm', { state: 'detached' });
  assert.equal((await api(c, admin, 'GET', `/queues/${salesBefore.id}`)).status, 200, 'the queue is still there');
  await page.waitForSelector('#queues-list th:text-is("sales")');
  const audit = await api<{ items: { action: string }[] }>(c, admin, 'GET', `/audit?resource=queue&resource_id=${salesBefore.id}`);
  assert.deepEqual(audit.body.items.map((e) => e.action), [], 'a refused delete writes no audit entry');
  con.assertClean();
});
