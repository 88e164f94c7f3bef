// test-file-timeout: 4 min
// Issue 14, the visual IVR flow editor on the demo center: the demo flow is drawn as a graph
// (a box a node, an arrow a jump with its digit on it); deleting the node a menu option goes
// to shows the option pointing nowhere on the menu node (a red box, a "no such node" target)
// and Publish is refused with the problem kept on that node and nothing saved; a problem only
// the server knows (a gather without its variable) is put on its node too; fixed, Publish
// makes version 2, the versions list says admin wrote it, and calls would take it. "Play this
// prompt" speaks a node's text with the center's TTS. Screenshot of the editor for the docs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter } from '../../helpers/center.js';
import { apiRequest as api, login } from '../../helpers/api.js';
import { openConsole, openFlow } from '../../helpers/console-page.js';

type Flow = { id: string; name: string; current_version: number; definition: { start: string; nodes: Record<string, Record<string, unknown>> } };

test('the IVR flow editor draws the flow, puts problems on their nodes, and publishes versions', { timeout: 180_000 }, async (t) => {
  const c = await startCenter(t);
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const [listed] = (await api<{ items: Flow[] }>(c, admin, 'GET', '/ivr-flows')).body.items;
  assert.ok(listed);
  const read = async (): Promise<Flow> => (await api<Flow>(c, admin, 'GET', `/ivr-flows/${listed.id}`)).body;
  const demo = await read();

  const con = await openConsole(t, c);
  const { page } = con;
  await page.waitForSelector('#page-title:text-is("Trunks")');
  await openFlow(page, demo.name);

  // The graph: every node a box, every jump an arrow, the menu's digits on its arrows.
  const drawn = await page.$$eval('#flow-graph [data-node]', (els) => els.map((e) => e.getAttribute('data-node')).sort());
  assert.deepEqual(drawn, Object.keys(demo.definition.nodes).sort());
  const edges = await page.$$eval('#flow-graph [data-edge]', (els) => els.map((e) => `${e.getAttribute('data-edge')}→${e.getAttribute('data-to')}`).sort());
  assert.deepEqual(edges, ['menu.on_failure→goodbye', 'menu.options.1→sales', 'menu.options.2→support', 'welcome.next→menu']);
  assert.equal(await page.textContent('[data-edge="menu.options.2"] text'), '2');
  assert.match(await page.textContent('[data-node="welcome"]') ?? '', /start/);

  // Play this prompt: the welcome text spoken by the center's TTS.
  await page.click('[data-node="welcome"]');
  await page.waitForSelector('#node-panel[data-node="welcome"]');
  assert.equal(await page.inputValue('#f-text'), demo.definition.nodes.welcome?.text);
  await page.click('#play-prompt');
  await page.waitForSelector('#prompt-audio');
  await page.waitForFunction("(() => { const a = document.getElementById('prompt-audio'); return a && a.duration > 1; })()", undefined, { timeout: 15000 });
  await con.shot('console-flow-editor.png');

  // Delete the support node: option 2 of the menu now points nowhere, shown on the menu node.
  await page.click('[data-node="support"]');
  await page.click('#node-delete');
  await page.waitForSelector('[data-node="menu"][data-invalid="true"]');
  await page.waitForSelector('[data-missing="support"]');
  assert.match(await page.getAttribute('[data-node="menu"]', 'title') ?? '', /options\.2: must name a node/);
  await page.click('#publish');
  await page.waitForSelector('#flow-error:text("Not published: 1 problem shown on its node")');
  await page.click('[data-node="menu"]');
  assert.match(await page.textContent('#node-problems') ?? '', /options\.2: must name a node/);
  assert.equal((await read()).current_version, 1, 'nothing was published');

  // Point option 2 at a new gather node with no variable: a problem only the server sees.
  await page.selectOption('#add-verb', 'gather');
  await page.click('#add-node');
  await page.waitForSelector('#node-panel[data-node="gather"]');
  await page.click('[data-node="menu"]');
  await page.selectOption('#f-options-1-to', 'gather');
  await page.waitForSelector('[data-node="menu"]:not([data-invalid])');
  await page.click('#publish');
  await page.waitForSelector('[data-node="gather"][data-invalid="true"]');
  assert.match(await page.getAttribute('[data-node="gather"]', 'title') ?? '', /variable/);
  assert.equal((await read()).current_version, 1, 'still nothing published');

  // Fix it in the gather node's form, and publish: version 2, written by admin.
  await page.click('[data-node="gather"]');
  await page.fill('#f-variable', 'account');
  await page.fill('#f-max_digits', '6');
  await page.selectOption('#f-next', 'sales');
  await page.click('#publish');
  await page.waitForSelector('#flow-status:text("Published version 2")');
  const v2 = page.locator('#versions li[data-version="2"]');
  await v2.waitFor();
  assert.match((await v2.textContent()) ?? '', /admin/, 'version 2 names who wrote it');
  const after = await read();
  assert.equal(after.current_version, 2);
  assert.deepEqual(after.definition.nodes.menu?.options, { 1: 'sales', 2: 'gather' });
  assert.deepEqual(after.definition.nodes.gather, { verb: 'gather', variable: 'account', max_digits: 6, next: 'sales' });
  assert.equal(after.definition.nodes.support, undefined);

  // Version 1 loads back into the editor (publishing it would make version 3).
  await page.getByRole('button', { name: 'Load version 1' }).click();
  await page.waitForSelector('#flow-graph [data-node="support"]');
  con.assertClean();
});
