// test-file-timeout: 3 min
// The flow editor sets a flow's default voice: chosen from the center's TTS voices, published
// into the definition, shown again when the flow is opened, and cleared back to the center's
// default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter } from '../../helpers/center.js';
import { apiRequest as api, login } from '../../helpers/api.js';
import { openConsole, openFlow } from '../../helpers/console-page.js';

type Flow = { id: string; name: string; current_version: number; definition: { start: string; voice?: string; nodes: Record<string, unknown> } };

test('the flow editor sets and clears the flow\'s default voice', { timeout: 150_000 }, async (t) => {
  const c = await startCenter(t);
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const [demo] = (await api<{ items: Flow[] }>(c, admin, 'GET', '/ivr-flows')).body.items;
  assert.ok(demo);
  const { languages } = (await api<{ languages: string[] }>(c, admin, 'GET', '/prompts/voices')).body;
  const voice = languages.find((l) => l === 'de') ?? languages.find((l) => l !== 'en');
  assert.ok(voice, 'the center has TTS voices');
  const read = async (): Promise<Flow> => (await api<Flow>(c, admin, 'GET', `/ivr-flows/${demo.id}`)).body;

  const con = await openConsole(t, c);
  const { page } = con;
  await page.waitForSelector('#page-title:text-is("Trunks")');
  await openFlow(page, demo.name);
  await page.waitForFunction(`[...document.querySelectorAll('#flow-voice option')].some((o) => o.value === ${JSON.stringify(voice)})`);
  assert.equal(await page.inputValue('#flow-voice'), '', 'the center default at first');

  await page.selectOption('#flow-voice', voice);
  await page.click('#publish');
  await page.waitForSelector('#flow-status:text("Published version 2")');
  assert.equal((await read()).definition.voice, voice);

  await openFlow(page, demo.name);
  await page.waitForFunction(`document.getElementById('flow-voice').value === ${JSON.stringify(voice)}`);

  await page.selectOption('#flow-voice', '');
  await page.click('#publish');
  await page.waitForSelector('#flow-status:text("Published version 3")');
  assert.equal((await read()).definition.voice, undefined);
  con.assertClean();
});
