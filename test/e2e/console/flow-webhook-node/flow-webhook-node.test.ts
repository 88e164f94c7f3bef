// test-file-timeout: 3 min
// The flow editor draws the webhook verb's form from its schema (URL, timeout, secret, the
// on_failure and next jumps) and gather's new checks (pattern, check digit); a URL that is not
// http(s) is refused by the API with a 400 naming the field, and in the editor on the node; a
// valid webhook node publishes. Screenshot of the webhook node for the docs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter } from '../../helpers/center.js';
import { apiRequest as api, login } from '../../helpers/api.js';
import { openConsole, openFlow } from '../../helpers/console-page.js';

type Flow = { id: string; name: string; current_version: number; definition: { start: string; nodes: Record<string, Record<string, unknown>> } };

test('the flow editor draws the webhook and gather-check fields; a non-http URL is refused on its field', { timeout: 150_000 }, async (t) => {
  const c = await startCenter(t);
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const [demo] = (await api<{ items: Flow[] }>(c, admin, 'GET', '/ivr-flows')).body.items;
  assert.ok(demo);

  // The API: a webhook URL that is not http or https is a 400 naming the field.
  const refused = await api<{ details: { path: string; message: string }[] }>(c, admin, 'POST', '/ivr-flows', {
    name: 'ftp-hook', definition: { start: 'hook', nodes: { hook: { verb: 'webhook', url: 'ftp://crm.example.com/ivr', on_failure: 'bye' }, bye: { verb: 'hangup' } } },
  });
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body.details, [{ path: 'body.definition.nodes.hook.url', message: 'must be http or https' }]);

  const con = await openConsole(t, c);
  const { page } = con;
  await page.waitForSelector('#page-title:text-is("Trunks")');
  await openFlow(page, demo.name);

  // gather's checks: a pattern text field and the check digit as a choice.
  await page.selectOption('#add-verb', 'gather');
  await page.click('#add-node');
  await page.waitForSelector('#node-panel[data-node="gather"]');
  await page.waitForSelector('#f-pattern');
  assert.ok((await page.locator('#f-check_digit option').allTextContents()).includes('luhn'), 'luhn is offered');
  await page.click('#node-delete');

  // The webhook node's form.
  await page.selectOption('#add-verb', 'webhook');
  await page.click('#add-node');
  await page.waitForSelector('#node-panel[data-node="webhook"]');
  for (const field of ['#f-url', '#f-timeout_ms', '#f-secret', '#f-on_failure', '#f-next']) await page.waitForSelector(field);
  assert.equal(await page.$eval('#f-on_failure', (e) => e.tagName), 'SELECT', 'on_failure is a jump to a node');
  assert.equal(await page.getAttribute('#f-secret', 'type'), 'password', 'the signing secret is typed unseen');
  await page.fill('#f-url', 'ftp://crm.example.com/ivr');
  await page.selectOption('#f-on_failure', 'sales');
  await page.click('[data-node="menu"]');
  await page.selectOption('#f-options-1-to', 'webhook');
  await page.click('#publish');
  await page.waitForSelector('[data-node="webhook"][data-invalid="true"]');
  assert.match(await page.getAttribute('[data-node="webhook"]', 'title') ?? '', /url: must be http or https/);
  assert.equal((await api<Flow>(c, admin, 'GET', `/ivr-flows/${demo.id}`)).body.current_version, 1, 'nothing published');

  await page.click('[data-node="webhook"]');
  await page.fill('#f-url', 'https://crm.example.com/ivr');
  await page.fill('#f-timeout_ms', '2500');
  await page.selectOption('#f-next', 'support');
  await page.click('#publish');
  await page.waitForSelector('#flow-status:text("Published version 2")');
  const after = (await api<Flow>(c, admin, 'GET', `/ivr-flows/${demo.id}`)).body;
  assert.deepEqual(after.definition.nodes.webhook, { verb: 'webhook', url: 'https://crm.example.com/ivr', timeout_ms: 2500, on_failure: 'sales', next: 'support' });
  await page.click('[data-node="webhook"]');
  await page.waitForSelector('#node-panel[data-node="webhook"]');
  await con.shot('console-flow-webhook.png');
  con.assertClean();
});
