// call_legs are written for every leg: the caller's at answer, each agent rung (who, the
// contact that answered, its SIP Call-ID, answered and ended times, why it ended). The longest
// idle agent has no live contact: that offer fails as `unreachable` at once — no ring time is
// lost to it, the agent goes not-ready, the caller keeps its place and the next agent rings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter, eventually } from '../../../e2e/helpers/center.js';
import { NodePhone } from '../../../e2e/helpers/node-phone.js';
import { agentIdOf, completedCall, DEMO_NUMBER, readyAgent, reposOf, routeDemoNumber } from '../helpers/call-rig.js';

test('caller and agent legs are recorded; an unreachable agent costs the caller no ring time', { timeout: 60_000 }, async (t) => {
  const c = await startCenter(t);
  const repos = reposOf(c);
  const queue = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(queue);
  await routeDemoNumber(repos, { type: 'queue', id: queue.id });
  // agent2 logs in first (longest idle) but has no registered phone.
  const agent2 = await agentIdOf(repos, 'agent2');
  await c.sb.acd.agentLogin(agent2);
  await new Promise((r) => setTimeout(r, 50));
  const { phone: agent, id: agent1 } = await readyAgent(c, 'agent1');
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550006666');
  t.after(() => { agent.close(); caller.close(); });

  const answered = agent.answerNext(300);
  const t0 = Date.now();
  const call = await caller.call(DEMO_NUMBER);
  const agentCall = await answered;
  const toAnswer = Date.now() - t0;
  t.diagnostic(`caller answered → agent1 answered in ${toAnswer} ms (agent2 unreachable skipped)`);
  assert.ok(toAnswer < 5000, `the unreachable agent cost no ring time (${toAnswer} ms, the ring timeout is ${queue.ring_timeout_seconds} s)`);
  assert.deepEqual(c.sb.acd.agentState(agent2), { status: 'not-ready', reason: 'unreachable' });
  await call.hangup();
  await agentCall.ended;

  const row = await completedCall(repos);
  assert.equal(row.agent_id, agent1);
  const legs = await eventually(async () => {
    const l = await repos.calls.legs(row.id);
    return l.length === 2 && l.every((leg) => leg.ended_at) ? l : undefined;
  }, 5000, 'both legs ended');
  const [callerLeg, agentLeg] = legs;
  assert.deepEqual([callerLeg?.role, callerLeg?.sip_call_id, callerLeg?.hangup_cause, callerLeg?.agent_id], ['caller', call.callId, 'caller hung up', null]);
  assert.match(callerLeg?.remote_uri ?? '', /^sip:\+15550006666@127\.0\.0\.1/);
  assert.ok(callerLeg?.answered_at, 'caller leg answered');
  assert.deepEqual([agentLeg?.role, agentLeg?.agent_id, agentLeg?.sip_call_id], ['agent', agent1, agentCall.callId]);
  assert.match(agentLeg?.remote_uri ?? '', /^sip:agent1@127\.0\.0\.1:\d+/);
  assert.ok(agentLeg?.answered_at && agentLeg.ended_at, 'agent leg answered and ended');
  const events = (await repos.callEvents.search({ callId: row.id, limit: 20 })).items.reverse().map((e) => [e.event, e.agent_id, e.data.reason]);
  assert.deepEqual(events.slice(0, 4).map((e) => e.slice(0, 2)), [['entered', null], ['offered', agent2], ['no-answer', agent2], ['offered', agent1]]);
  assert.equal(events[2]?.[2], 'unreachable');
});
