// Fault injection: the media server's bridge rejects at the moment the agent answers. That
// call alone fails: both sides get BYE, the record is closed with the reason, the agent goes
// to wrap-up and then available, nothing reaches the process (no unhandled rejection), and
// the next call through IVR → queue → agent works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter, eventually } from '../../../e2e/helpers/center.js';
import { NodePhone } from '../../../e2e/helpers/node-phone.js';
import { callThroughIvr } from '../../../e2e/helpers/ivr-caller.js';
import { completedCall, failOnUnhandledRejection, readyAgent, reposOf } from '../helpers/call-rig.js';

test('a bridge that fails when the agent answers ends that call cleanly and the center keeps serving', { timeout: 90_000 }, async (t) => {
  const rejections = failOnUnhandledRejection(t);
  const c = await startCenter(t, { wrapUpSeconds: 1 });
  const repos = reposOf(c);
  const { phone: agent, id: agentId } = await readyAgent(c, 'agent1');
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550009999');
  t.after(() => { agent.close(); caller.close(); });

  const media = c.sb.media;
  const realBridge = media.bridge.bind(media);
  let failNext = true;
  media.bridge = async (...args: Parameters<typeof media.bridge>) => {
    if (failNext) {
      failNext = false;
      throw new Error('injected bridge failure');
    }
    return realBridge(...args);
  };

  const answered = agent.answerNext(200);
  const { call } = await callThroughIvr(caller, 440);
  const agentCall = await answered;
  await Promise.all([call.ended, agentCall.ended]);

  const row = await completedCall(repos, (r) => r.from_number === '+15550009999');
  assert.equal(row.disposition, 'failed');
  assert.equal(row.hangup_side, 'system');
  assert.match(row.hangup_cause ?? '', /media bridge to the agent failed: injected bridge failure/);
  const states = await eventually(async () => {
    const history = (await repos.agentStates.search({ agentId, limit: 10 })).items.map((s) => s.state).reverse();
    return history.at(-1) === 'available' && history.includes('wrap-up') ? history : undefined;
  }, 10_000, 'the agent back to available after wrap-up');
  assert.deepEqual(states.slice(-4), ['ringing', 'on-call', 'wrap-up', 'available']);
  assert.equal(c.sb.callCenter.calls.size, 0, 'the failed call is forgotten');

  // The center still serves: the next call reaches the same agent and connects.
  const again = agent.answerNext(200);
  const second = await callThroughIvr(caller, 440);
  await again;
  await eventually(async () => ((await repos.calls.get([...c.sb.callCenter.calls.keys()][0] ?? ''))?.status === 'connected' ? true : undefined), 10_000, 'the second call connected');
  assert.equal(await second.call.hangup(), 'SIP/2.0 200 OK');
  assert.equal((await completedCall(repos, (r) => r.id !== row.id)).disposition, 'answered');
  assert.deepEqual(rejections, [], 'no unhandled rejection');
});
