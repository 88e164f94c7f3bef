// Skills routing in timed steps on the whole center, in real time (issue 16; the unit test
// test/acd/skills-steps covers the 30 s step on a fake clock): the sales queue asks for
// spanish>=4 for 4 s, then spanish>=2. The level-2 agent is ready, the level-5 agent is logged
// in but not ready. A caller waits through the first step although an agent is free, then
// rings the level-2 agent and is answered; the call's events name the step that matched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter, eventually } from '../../../e2e/helpers/center.js';
import { NodePhone } from '../../../e2e/helpers/node-phone.js';
import type { SkillStep } from '../../../../server/db/index.js';
import { DEMO_NUMBER, readyAgent, reposOf, routeDemoNumber } from '../../calls/helpers/call-rig.js';

const CALLER = '+34911000004';
const FIRST_STEP_SECONDS = 4;
const steps: SkillStep[] = [
  { require: [{ skill: 'spanish', min: 4 }], seconds: FIRST_STEP_SECONDS },
  { require: [{ skill: 'spanish', min: 2 }], seconds: 30 },
];

test('a call needing spanish>=4 waits out the step while a level-2 agent is free, then goes to that agent', { timeout: 90_000 }, async (t) => {
  const c = await startCenter(t);
  const repos = reposOf(c);
  const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(sales);
  await repos.queues.update(sales.id, { skill_steps: steps });
  await routeDemoNumber(repos, { type: 'queue', id: sales.id });

  const { phone: levelTwo, id: levelTwoId } = await readyAgent(c, 'agent1');
  const { phone: levelFive, id: levelFiveId } = await readyAgent(c, 'agent2');
  t.after(() => { levelTwo.close(); levelFive.close(); });
  await repos.agents.update(levelTwoId, { skills: [{ skill: 'spanish', proficiency: 2 }] });
  await repos.agents.update(levelFiveId, { skills: [{ skill: 'spanish', proficiency: 5 }] });
  await c.sb.acd.reload();
  await c.sb.acd.agentNotReady(levelFiveId, 'break');
  assert.equal(c.sb.acd.agentState(levelTwoId).status, 'available');

  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, CALLER);
  t.after(() => caller.close());
  const answered = levelTwo.answerNext(200);
  const call = await caller.call(DEMO_NUMBER);
  const id = await eventually(async () => (await repos.calls.search({ limit: 10, number: CALLER })).items[0]?.id, 5000, 'the call record');
  const agentLeg = await answered;

  const eventsOf = async () => (await repos.callEvents.search({ callId: id, limit: 50 })).items.reverse();
  await eventually(async () => ((await eventsOf()).some((e) => e.event === 'answered') ? true : undefined), 10_000, 'the call answered');
  const events = await eventsOf();
  assert.deepEqual(events.map((e) => [e.event, e.agent_id]), [['entered', null], ['offered', levelTwoId], ['answered', levelTwoId]], 'offered once, to the level-2 agent');
  const [entered, offered] = events as [typeof events[number], typeof events[number]];
  assert.deepEqual(entered.data.steps, [`spanish>=4 for ${FIRST_STEP_SECONDS} s`, 'spanish>=2 for 30 s', 'anyone']);
  assert.deepEqual(offered.data, { ringTimeoutSeconds: sales.ring_timeout_seconds, step: 2, require: 'spanish>=2', skillScore: 2 });
  // Not before the first step ended, though the level-2 agent was free all along.
  const waitedMs = new Date(offered.at).getTime() - new Date(entered.at).getTime();
  assert.ok(waitedMs >= FIRST_STEP_SECONDS * 1000 - 50, `offered after ${waitedMs} ms, not before the ${FIRST_STEP_SECONDS} s step ended`);
  assert.ok(waitedMs < (FIRST_STEP_SECONDS + 3) * 1000, `offered soon after the step ended (${waitedMs} ms)`);
  assert.equal(c.sb.acd.agentState(levelFiveId).status, 'not-ready');

  await eventually(async () => ((await repos.calls.get(id))?.answered_at ? true : undefined), 10_000, 'the call bridged');
  await agentLeg.hangup();
  await call.hangup().catch(() => undefined);
  await eventually(async () => (c.sb.callCenter.calls.size === 0 ? true : undefined), 10_000, 'every call ended');
});
