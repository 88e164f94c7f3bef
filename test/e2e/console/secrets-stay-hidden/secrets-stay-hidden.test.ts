// test-file-timeout: 3 min
// Issue 14, the admin console: secrets stay out of the page — a trunk's registration password
// typed in the form is saved (the trunk says it has one) but is nowhere in the page's HTML after
// saving, nor in the edit form, which leaves the write-only field empty. An agent who signs in
// is told the console is for admins and supervisors; the admin signs out back to the sign-in form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_PASSWORDS, startCenter } from '../../helpers/center.js';
import { apiRequest as api, login } from '../../helpers/api.js';
import { openConsole, rowButton, submitForm } from '../../helpers/console-page.js';

const SECRET = 'Trunk-S3cret-pw-4471';

test('a typed trunk password never shows in the page; the console is for admins and supervisors', { timeout: 120_000 }, async (t) => {
  const c = await startCenter(t);
  const agent = await openConsole(t, c, { username: 'agent1', password: AGENT_PASSWORDS.agent1 });
  await agent.page.waitForSelector('#login-error:text("is for admins and supervisors")');
  assert.equal(await agent.page.locator('nav').count(), 0, 'no console for an agent');

  const con = await openConsole(t, c);
  const { page } = con;
  await page.waitForSelector('#page-title:text-is("Trunks")');
  await page.click('#new');
  await page.fill('#f-name', 'carrier-reg');
  await page.selectOption('#f-auth_type', 'registration');
  await page.fill('#f-register_host', '192.0.2.10');
  await page.fill('#f-register_username', 'acme');
  assert.equal(await page.getAttribute('#f-register_password', 'type'), 'password');
  await page.fill('#f-register_password', SECRET);
  await submitForm(page);
  await page.waitForSelector('#trunks-list th:text-is("carrier-reg")');
  assert.ok(!(await page.content()).includes(SECRET), 'the password is not in the page after saving');

  await rowButton(page, 'Edit carrier-reg');
  assert.equal(await page.inputValue('#f-register_password'), '', 'a write-only field is never pre-filled');
  assert.equal(await page.inputValue('#f-register_username'), 'acme');
  assert.ok(!(await page.content()).includes(SECRET));
  // Saving an edit sends only what changed: the password stays.
  await page.fill('#f-register_username', 'acme2');
  await submitForm(page, 'Save');
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const trunk = (await api<{ items: { name: string; register_username: string; has_register_password: boolean }[] }>(c, admin, 'GET', '/trunks')).body.items.find((x) => x.name === 'carrier-reg');
  assert.equal(trunk?.register_username, 'acme2');
  assert.equal(trunk?.has_register_password, true);
  assert.ok(!(await page.content()).includes(SECRET));

  await page.click('#sign-out');
  await page.waitForSelector('#login');
  con.assertClean();
  agent.assertClean();
});
