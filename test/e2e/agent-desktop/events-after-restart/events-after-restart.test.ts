// test-file-timeout: 2 min
// Issue 13: the page's event socket outlives a server restart. The center stops (the page sees
// the socket go), starts again on the same data and HTTP port, and agent1's state is changed
// on the API before the page is back: the page reconnects with its cursor and gets that very
// event (its id is after the cursor it had), not just a fresh read of the state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_PASSWORDS, eventually, startCenter } from '../../helpers/center.js';
import { login } from '../../helpers/api.js';
import { openAgentPage } from '../../helpers/agent-page.js';

interface LiveDebug { cursor: number | null; received: number[] }

test('the page\'s event socket reconnects after a restart and catches up from its cursor', { timeout: 120_000 }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-events-restart-'));
  const first = await startCenter(t, { database: 'pglite', dataDir });
  const { page } = await openAgentPage(t, first, { username: 'agent1', password: AGENT_PASSWORDS.agent1, registered: false });
  await page.waitForSelector('#agent-state[data-live="true"]', { timeout: 15000 });
  const api = await login(first, 'agent1', AGENT_PASSWORDS.agent1);
  const setState = async (port: number, body: unknown): Promise<void> => {
    const res = await fetch(`http://127.0.0.1:${port}/api/me/state`, { method: 'POST', headers: { authorization: `Bearer ${api}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 200, await res.text());
  };
  await setState(first.httpPort, { state: 'not-ready', reason: 'break' });
  await page.waitForSelector('#agent-state[data-state="not-ready"]', { timeout: 5000 });
  const before = (await page.evaluate('window.__softphoneDebug.liveEvents()')) as LiveDebug;
  assert.ok(before.cursor !== null && before.received.length > 0, JSON.stringify(before));

  await first.sb.stop();
  await page.waitForSelector('#agent-state[data-live="false"]', { timeout: 10000 });
  const second = await startCenter(t, { database: 'pglite', dataDir, httpPort: first.httpPort });
  // Changed before the page is back (its backoff is at least half a second): it must replay it.
  await setState(second.httpPort, { state: 'not-ready', reason: 'training' });
  await page.waitForSelector('#agent-state[data-live="true"]', { timeout: 15000 });
  await page.waitForSelector('#agent-state[data-state="not-ready"]', { timeout: 5000 });
  assert.match((await page.textContent('#agent-state')) ?? '', /training/);
  const after = await eventually(async () => {
    const d = (await page.evaluate('window.__softphoneDebug.liveEvents()')) as LiveDebug;
    return d.received.some((id) => id > (before.cursor ?? 0)) ? d : undefined;
  }, 5000, 'the event published while the page was away');
  assert.ok((after.cursor ?? 0) > (before.cursor ?? 0));
});
