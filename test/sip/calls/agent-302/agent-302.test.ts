// An agent phone with call forwarding (sipp answering every INVITE 302). A queue call: agent1's
// phone forwards, agent1 stays available (not "unreachable", not away), the log says where it
// forwarded, and the caller reaches agent2. A forward to a URI that is not one of our agents
// (a carrier number) is agent1 passing the call on: never dialled, the call goes to agent2. A
// call to agent1 directly follows the forward to agent2's phone.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { AGENT_PASSWORDS, eventually, REALM, startCenter, type Center } from '../../../e2e/helpers/center.js';
import { NodePhone } from '../../../e2e/helpers/node-phone.js';
import { repoRoot, startSipp } from '../../helpers/sipp.js';
import { agentIdOf, completedCall, DEMO_NUMBER, readyAgent, reposOf, routeDemoNumber } from '../helpers/call-rig.js';
import { heard, sleep } from '../helpers/bridged-call.js';

const AGENT2_HZ = 1200;

async function forwardingAgent1(t: TestContext, c: Center, forward: string): Promise<string> {
  const phone = await startSipp({
    scenario: join(repoRoot(), 'test', 'phones', 'helpers', 'sipp', 'register-hold-unregister.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: 'agent1', timeoutSec: 60,
    extra: ['-au', 'agent1', '-ap', AGENT_PASSWORDS.agent1, '-d', '40000', '-oocsf', join(repoRoot(), 'test', 'sip', 'calls', 'agent-302', 'ooc-redirect.xml'), '-key', 'forward', forward],
  });
  t.after(() => phone.kill());
  const repos = reposOf(c);
  await eventually(async () => ((await repos.registrations.live(`sip:agent1@${REALM}`)).length ? true : undefined), 10000, 'agent1 registered');
  const id = await agentIdOf(repos, 'agent1');
  await c.sb.acd.agentLogin(id);
  await sleep(50);
  return id;
}

async function callerTalksToAgent2(t: TestContext, c: Center): Promise<{ agent2: NodePhone }> {
  const { phone: agent2 } = await readyAgent(c, 'agent2');
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550008888');
  t.after(() => { agent2.close(); caller.close(); });
  const answered = agent2.answerNext(200);
  const call = await caller.call(DEMO_NUMBER);
  const agentCall = await answered;
  agent2.rtp.start(AGENT2_HZ);
  caller.rtp.start(440);
  await sleep(1500);
  const peak = heard(caller, Date.now() - 800, Date.now()).peakHz;
  assert.ok(Math.abs(peak - AGENT2_HZ) < 30, `the caller talks to agent2 (${peak} Hz)`);
  await call.hangup();
  await agentCall.ended;
  return { agent2 };
}

async function toSales(c: Center): Promise<void> {
  const repos = reposOf(c);
  const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(sales);
  await routeDemoNumber(repos, { type: 'queue', id: sales.id });
}

const forwardLog = (c: Center): Record<string, unknown> | undefined => c.logs.find((l) => typeof l.msg === 'string' && l.msg.startsWith("agent's phone forwarded the call"));

test('queue call: a 302 to another agent leaves agent1 available and the caller reaches agent2', { timeout: 60_000 }, async (t) => {
  const c = await startCenter(t);
  await toSales(c);
  const agent1 = await forwardingAgent1(t, c, `sip:agent2@127.0.0.1:${c.sipPort}`);
  await callerTalksToAgent2(t, c);
  assert.deepEqual(c.sb.acd.agentState(agent1), { status: 'available' }, 'agent1 is not taken out of service');
  const log = forwardLog(c);
  assert.equal(log?.forwardedTo, `sip:agent2@127.0.0.1:${c.sipPort}`);
  assert.equal(log?.ourAgent, 'agent2');
  const repos = reposOf(c);
  const row = await completedCall(repos);
  const events = (await repos.callEvents.search({ callId: row.id, limit: 20 })).items.map((e) => [e.event, e.agent_id, e.data.reason]);
  assert.ok(events.some(([ev, who, reason]) => ev === 'no-answer' && who === agent1 && reason === 'forwarded'), `queue log says forwarded: ${JSON.stringify(events)}`);
});

test('queue call: a 302 to a foreign URI is never dialled; agent1 passes the call on and stays available', { timeout: 60_000 }, async (t) => {
  const c = await startCenter(t);
  await toSales(c);
  const agent1 = await forwardingAgent1(t, c, 'sip:+15559990000@carrier.example.net');
  await callerTalksToAgent2(t, c);
  assert.deepEqual(c.sb.acd.agentState(agent1), { status: 'available' });
  const log = forwardLog(c);
  assert.equal(log?.forwardedTo, 'sip:+15559990000@carrier.example.net');
  assert.equal(log?.ourAgent, null);
  const repos = reposOf(c);
  const row = await completedCall(repos);
  const legs = await repos.calls.legs(row.id);
  assert.deepEqual(legs.map((l) => l.role), ['caller', 'agent', 'agent'], 'agent1 and agent2 only: no leg to the carrier URI');
  assert.ok(legs.every((l) => !l.remote_uri?.includes('carrier.example.net')));
});

test('a call to agent1 directly follows the forward to agent2', { timeout: 60_000 }, async (t) => {
  const c = await startCenter(t);
  const repos = reposOf(c);
  await forwardingAgent1(t, c, `sip:agent2@${REALM}`);
  await routeDemoNumber(repos, { type: 'agent', id: await agentIdOf(repos, 'agent1') });
  const { agent2 } = await callerTalksToAgent2(t, c);
  assert.ok(agent2, 'agent2 answered');
  const row = await completedCall(repos);
  assert.equal(row.agent_id, await agentIdOf(repos, 'agent2'), 'the record names the agent who talked');
});
