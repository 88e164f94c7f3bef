// test-file-timeout: 2 min
// Issue 15's agent control, on the whole center: agent1 is on a queue call. A supervisor of
// its queue cannot log it out during the call (409 saying why) but can set it not ready,
// which applies when the call ends (after the wrap-up); then logs it out with a reason. A
// supervisor of no queue of the agent's, and an agent, get 403; an unknown agent 404.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../../e2e/helpers/center.js';
import { login } from '../../e2e/helpers/api.js';
import { callConnectedToAgent1, request } from '../../e2e/transfer/helpers/transfer-rig.js';

test('a supervisor sets an agent not ready and logs it out; scoped to their queues', { timeout: 120_000 }, async (t) => {
  const { c, admin, token1, token2, agent1Id, row, callerCall } = await callConnectedToAgent1(t);
  const sup = await request<{ id: string }>(c, admin, 'POST', '/users', { username: 'ctl-sup', role: 'supervisor', password: 'control-sup-pw' });
  assert.equal((await request(c, admin, 'PATCH', `/queues/${row.queue_id ?? ''}`, { supervisor_ids: [sup.body.id] })).status, 200);
  await request(c, admin, 'POST', '/users', { username: 'ctl-other', role: 'supervisor', password: 'control-sup-pw' });
  const supToken = await login(c, 'ctl-sup', 'control-sup-pw');
  const otherToken = await login(c, 'ctl-other', 'control-sup-pw');
  const force = (token: string, agentId: string, body: unknown) => request<{ state?: string; reason?: string | null; pending_not_ready?: string | null; error?: string }>(c, token, 'POST', `/agents/${agentId}/state`, body);

  assert.equal((await force(otherToken, agent1Id, { state: 'not-ready', reason: 'meeting' })).status, 403, 'not an agent of their queues');
  assert.equal((await force(token2, agent1Id, { state: 'not-ready', reason: 'meeting' })).status, 403, 'agents may not');
  assert.equal((await force(supToken, '7d6f5a9e-1111-4222-8333-444455556666', { state: 'not-ready', reason: 'meeting' })).status, 404);
  assert.equal((await force(supToken, agent1Id, { state: 'not-ready' })).status, 400, 'a reason is required');

  const duringCall = await force(supToken, agent1Id, { state: 'logged-out', reason: 'end of shift' });
  assert.equal(duringCall.status, 409);
  assert.match(duringCall.body.error ?? '', /while on-call: set them not ready/);
  const pending = await force(supToken, agent1Id, { state: 'not-ready', reason: 'meeting' });
  assert.equal(pending.status, 200, JSON.stringify(pending.body));
  assert.deepEqual([pending.body.state, pending.body.pending_not_ready], ['on-call', 'meeting'], 'applies when the call ends');

  assert.equal(await callerCall.hangup(), 'SIP/2.0 200 OK');
  const after = await eventually(async () => {
    const s = await request<{ state: string; reason: string | null }>(c, token1, 'GET', '/me/state');
    return s.body.state === 'not-ready' ? s.body : undefined;
  }, 10_000, 'agent1 not ready after the call and its wrap-up');
  assert.equal(after.reason, 'meeting');

  const out = await force(supToken, agent1Id, { state: 'logged-out', reason: 'end of shift' });
  assert.equal(out.status, 200, JSON.stringify(out.body));
  assert.deepEqual([out.body.state, out.body.reason], ['logged-out', 'end of shift']);
  const history = await request<{ items: { state: string; reason: string | null }[] }>(c, admin, 'GET', `/agent-states?agent_id=${agent1Id}&limit=1`);
  assert.deepEqual(history.body.items[0], { ...history.body.items[0], reason: 'end of shift' }, 'recorded with its reason');
});
