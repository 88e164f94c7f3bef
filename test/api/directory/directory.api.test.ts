// test-file-timeout: 60 s
// GET /api/directory: every signed-in role sees colleagues' names, extensions and live ACD
// states — and nothing else of theirs (no SIP user, password or user id); without a token, 401.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AGENT_PASSWORDS, startCenter } from '../../e2e/helpers/center.js';
import { login } from '../../e2e/helpers/api.js';

describe('directory API', { timeout: 60_000 }, () => {
  test('agents see colleagues with their state, and no secrets', async (t) => {
    const c = await startCenter(t);
    const get = async (token?: string): Promise<{ status: number; body: { items?: Record<string, unknown>[] } }> => {
      const res = await fetch(`http://127.0.0.1:${c.httpPort}/api/directory`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: res.status, body: (await res.json()) as { items?: Record<string, unknown>[] } };
    };
    assert.equal((await get()).status, 401);
    const agent1 = await login(c, 'agent1', AGENT_PASSWORDS.agent1);
    const agent2 = await login(c, 'agent2', AGENT_PASSWORDS.agent2);
    const before = await get(agent1);
    assert.equal(before.status, 200);
    const entry = (token: Awaited<ReturnType<typeof get>>, extension: string): Record<string, unknown> | undefined => token.body.items?.find((e) => e.extension === extension);
    assert.equal(entry(before, '1002')?.state, 'logged-out');
    for (const e of before.body.items ?? []) assert.deepEqual(Object.keys(e).sort(), ['agent_id', 'extension', 'name', 'reason', 'state'], 'no SIP or user fields');
    const ready = await fetch(`http://127.0.0.1:${c.httpPort}/api/me/state`, { method: 'POST', headers: { authorization: `Bearer ${agent2}`, 'content-type': 'application/json' }, body: JSON.stringify({ state: 'not-ready', reason: 'lunch' }) });
    assert.equal(ready.status, 200);
    const after = await get(agent1);
    assert.equal(entry(after, '1002')?.state, 'not-ready');
    assert.equal(entry(after, '1002')?.reason, 'lunch');
  });
});
