// IVR variables (`set`, the caller's number) reach the agent and the record: the INVITE to the
// agent carries them as X-Switchboard-Vars (URL-encoded JSON), and GET /api/calls/:id shows
// them on the call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startCenter } from '../../../e2e/helpers/center.js';
import { header, NodePhone } from '../../../e2e/helpers/node-phone.js';
import { completedCall, demoFlow, DEMO_NUMBER, readyAgent, reposOf } from '../helpers/call-rig.js';

test('set variables reach the agent INVITE and the call record', { timeout: 60_000 }, async (t) => {
  const c = await startCenter(t);
  const repos = reposOf(c);
  await demoFlow(repos, {
    start: 'tag',
    nodes: {
      tag: { verb: 'set', variables: { account: '12345', tier: 'gold & "vip"', who: 'caller {{caller}}' }, next: 'sales' },
      sales: { verb: 'queue', queue: 'sales' },
    },
  });
  const { phone: agent } = await readyAgent(c, 'agent1');
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550005555');
  t.after(() => { agent.close(); caller.close(); });

  const answered = agent.answerNext(200);
  const call = await caller.call(DEMO_NUMBER);
  const agentCall = await answered;
  const expected = { account: '12345', caller: '+15550005555', tier: 'gold & "vip"', who: 'caller +15550005555' };
  const raw = header(agentCall.invite ?? '', 'x-switchboard-vars');
  assert.ok(raw, 'the INVITE to the agent carries X-Switchboard-Vars');
  assert.deepEqual(JSON.parse(decodeURIComponent(raw)), expected);
  await eventually(async () => ([...c.sb.callCenter.calls.values()][0]?.is('connected') ? true : undefined), 5000, 'the bridge');
  await call.hangup();

  const row = await completedCall(repos);
  const login = await fetch(`http://127.0.0.1:${c.httpPort}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-secret-pw' }) });
  const { token } = await login.json() as { token: string };
  const res = await fetch(`http://127.0.0.1:${c.httpPort}/api/calls/${row.id}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const body = await res.json() as { variables: Record<string, string>; disposition: string };
  assert.deepEqual(body.variables, expected);
  assert.equal(body.disposition, 'answered');
});
