// test-file-timeout: 2 min
// Issue 15's "move a waiting call to another queue or to an agent", on the whole center: a
// caller waits in sales with nobody ready; the admin moves it to the support queue (it waits
// there, sales is empty), then to agent2, whose desk phone rings and answers; the caller talks
// to agent2. A call no longer waiting is 409; a body with neither or both targets is 400; a
// supervisor of another queue 403.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_PASSWORDS, eventually, REALM, startCenter } from '../../e2e/helpers/center.js';
import { NodePhone } from '../../e2e/helpers/node-phone.js';
import { callThroughIvr } from '../../e2e/helpers/ivr-caller.js';
import { apiRequest, login } from '../../e2e/helpers/api.js';
import { goertzelPower } from '../../media/tools/spectrum.js';

test('a waiting call moves to another queue, then to an agent', { timeout: 120_000 }, async (t) => {
  const c = await startCenter(t);
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const server = { host: '127.0.0.1', port: c.sipPort };
  const agent2 = await NodePhone.open(server, 'agent2');
  const caller = await NodePhone.open(server, '+15551230001');
  t.after(() => { agent2.close(); caller.close(); });
  assert.equal(await agent2.register(AGENT_PASSWORDS.agent2, REALM), 'SIP/2.0 200 OK');
  const queues = (await apiRequest<{ items: { id: string; name: string }[] }>(c, admin, 'GET', '/queues')).body.items;
  const sales = queues.find((q) => q.name === 'sales');
  const support = queues.find((q) => q.name === 'support');
  const agents = (await apiRequest<{ items: { id: string; sip_username: string }[] }>(c, admin, 'GET', '/agents')).body.items;
  const agent2Id = agents.find((a) => a.sip_username === 'agent2')?.id ?? '';
  assert.ok(sales && support && agent2Id);

  await callThroughIvr(caller, 440);
  const waitingIn = (queueId: string) => c.sb.acd.snapshot().queues.find((q) => q.queueId === queueId)?.waiting ?? [];
  const callId = await eventually(async () => waitingIn(sales.id)[0]?.callId, 10_000, 'the caller waits in sales');
  const move = (body: unknown, token = admin) => apiRequest<{ error?: string; details?: { path: string }[] }>(c, token, 'POST', `/calls/${callId}/move`, body);

  assert.equal((await move({})).status, 400);
  assert.equal((await move({ queue_id: support.id, agent_id: agent2Id })).status, 400);
  assert.equal((await move({ queue_id: sales.id })).body.details?.[0]?.path, 'body.queue_id', 'not to the queue it waits in');
  const sup = await apiRequest<{ id: string }>(c, admin, 'POST', '/users', { username: 'move-sup', role: 'supervisor', password: 'move-sup-password' });
  assert.equal((await apiRequest(c, admin, 'PATCH', `/queues/${support.id}`, { supervisor_ids: [sup.body.id] })).status, 200);
  assert.equal((await move({ queue_id: support.id }, await login(c, 'move-sup', 'move-sup-password'))).status, 403, 'the call is in sales, which they do not supervise');

  assert.equal((await move({ queue_id: support.id })).status, 200);
  await eventually(async () => (waitingIn(support.id).some((w) => w.callId === callId) ? true : undefined), 10_000, 'the caller waits in support');
  assert.equal(waitingIn(sales.id).length, 0, 'and no longer in sales');

  const answered = agent2.answerNext(200);
  assert.equal((await move({ agent_id: agent2Id })).status, 200);
  const agentCall = await answered;
  agent2.rtp.start(900);
  assert.ok(agentCall.invite, 'agent2\'s phone rang');
  await new Promise((r) => setTimeout(r, 1500));
  const samples = caller.rtp.samples(Date.now() - 800);
  const power = goertzelPower(samples, 900) / ((32768 ** 2 / 4) * Math.max(1, samples.length));
  assert.ok(power > 1e-3, `the caller hears agent2 (${power})`);
  assert.equal((await move({ queue_id: sales.id })).status, 409, 'a connected call is not waiting');
});
