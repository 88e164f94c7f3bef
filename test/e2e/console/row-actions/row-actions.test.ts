// test-file-timeout: 3 min
// Issue 14, the console's actions beyond list and form, clicked as an admin would: a trunk's
// "Test call" rings a carrier (a phone on loopback) and the dialog reports the SIP outcome the
// carrier gave; "Import CSV" creates agents from a file with their passwords shown once (and
// they sign in); "Reset password" of a user and "Reset SIP password" of an agent, confirmed
// first, show the new one: the old stops working at once, the new one works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_PASSWORDS, REALM, startCenter } from '../../helpers/center.js';
import { apiRequest as api, login } from '../../helpers/api.js';
import { NodePhone } from '../../helpers/node-phone.js';
import { goTo, openConsole, rowButton } from '../../helpers/console-page.js';
import type { Page } from 'playwright-core';

async function secretsShown(page: Page): Promise<string[]> {
  await page.waitForSelector('#secrets');
  const values = await page.locator('#secrets code.secret').allTextContents();
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await page.waitForSelector('#secrets', { state: 'detached' });
  return values;
}

async function confirm(page: Page, action: string): Promise<void> {
  await page.locator('#confirm').getByRole('button', { name: action, exact: true }).click();
}

async function signInStatus(c: Parameters<typeof login>[0], username: string, password: string): Promise<number> {
  const r = await fetch(`http://127.0.0.1:${c.httpPort}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return r.status;
}

test('test call, CSV import and password resets from the console', { timeout: 150_000 }, async (t) => {
  const c = await startCenter(t);
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const carrier = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, 'carrier');
  t.after(() => carrier.close());
  const trunk = await api(c, admin, 'POST', '/trunks', { name: 'lab-carrier', auth_type: 'ip', allowed_cidrs: ['192.0.2.9/32'], outbound_uri: `sip:127.0.0.1:${carrier.port}`, default_caller_id: '+15550100' });
  assert.equal(trunk.status, 201, JSON.stringify(trunk.body));

  const con = await openConsole(t, c);
  const { page } = con;
  await page.waitForSelector('#trunks-list th:text-is("lab-carrier")');

  // Test call: the carrier answers after 300 ms; the dialog says 200 and when.
  const answered = carrier.answerNext(300);
  await rowButton(page, 'Test call on lab-carrier');
  await page.fill('#test-call-form-input', '+14155550123');
  await page.locator('#test-call-form').getByRole('button', { name: 'Call', exact: true }).click();
  const call = await answered;
  assert.match(call.invite?.split('\r\n')[0] ?? '', /^INVITE sip:\+14155550123@/);
  await page.waitForSelector('#test-call-form-result:text-matches("^200 OK answered after \\\\d+ ms")', { timeout: 20000 });
  await call.ended;
  await page.keyboard.press('Escape');

  // CSV import: two agents, four passwords shown once; the sign-in ones work.
  await goTo(page, 'Agents');
  await page.click('#import-csv');
  await page.setInputFiles('#import-form-input', { name: 'agents.csv', mimeType: 'text/csv', buffer: Buffer.from('name,username,extension,skills\nCarla Cruz,carla,1301,spanish:4\nDev Das,dev,1302,\n') });
  await page.locator('#import-form').getByRole('button', { name: 'Import', exact: true }).click();
  await page.waitForSelector('#secrets:has-text("2 agents created")');
  const labels = await page.locator('#secrets dt').allTextContents();
  assert.deepEqual(labels, ['Sign-in password of Carla Cruz (carla)', 'SIP password of Carla Cruz (carla)', 'Sign-in password of Dev Das (dev)', 'SIP password of Dev Das (dev)']);
  const imported = await secretsShown(page);
  await page.keyboard.press('Escape');
  await page.waitForSelector('#agents-list th:text-is("Carla Cruz")');
  await page.waitForSelector('#agents-list th:text-is("Dev Das")');
  assert.equal(await signInStatus(c, 'carla', imported[0] ?? ''), 200, 'the imported password signs in');
  assert.equal(await signInStatus(c, 'dev', imported[2] ?? ''), 200);

  // Reset agent1's sign-in password: the old one is refused at once, the new one works.
  await goTo(page, 'Users');
  await rowButton(page, 'Reset password of agent1');
  await page.waitForSelector('#confirm:has-text("The old one stops working at once")');
  await confirm(page, 'Reset password');
  const [newPassword] = await secretsShown(page);
  assert.ok(newPassword && newPassword !== AGENT_PASSWORDS.agent1);
  assert.equal(await signInStatus(c, 'agent1', AGENT_PASSWORDS.agent1), 401, 'the old password is refused');
  assert.equal(await signInStatus(c, 'agent1', newPassword), 200, 'the new one signs in');

  // Reset agent2's SIP password: the desk phone registers with the new one only.
  const agent2 = (await api<{ items: { name: string; sip_username: string }[] }>(c, admin, 'GET', '/agents')).body.items.find((a) => a.sip_username === 'agent2');
  assert.ok(agent2);
  await goTo(page, 'Agents');
  await rowButton(page, `Reset SIP password of ${agent2.name}`);
  await confirm(page, 'Reset SIP password');
  const [newSip] = await secretsShown(page);
  assert.ok(newSip);
  const phone = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, 'agent2');
  t.after(() => phone.close());
  assert.notEqual(await phone.register(AGENT_PASSWORDS.agent2, REALM), 'SIP/2.0 200 OK', 'the old SIP password is refused');
  assert.equal(await phone.register(newSip, REALM), 'SIP/2.0 200 OK', 'the new one registers');
  con.assertClean();
});
