// Skills routing in timed steps (issue 16), on the fake clock: a call needing spanish>=4 waits
// for the level-5 agent while a level-2 agent is free, and after the step's 30 s goes to the
// level-2 agent; the best proficiency wins, ties go to the queue's strategy; after the last
// timed step anyone in the queue may answer; the offered events say which step matched whom,
// in call_events too (Postgres and PGlite).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SkillStep } from '../../../server/db/index.js';
import { isCode, rig } from '../../unit/acd/acd-rig.js';
import { agentConfig, queueConfig } from '../../unit/acd/memory-store.js';
import { describeEachDatabase } from '../../db/test-databases.js';
import { seed, startAcd } from '../acd-fixture.js';

const spanishSteps: SkillStep[] = [
  { require: [{ skill: 'spanish', min: 4 }], seconds: 30 },
  { require: [{ skill: 'spanish', min: 2 }], seconds: 30 },
];
const team = [agentConfig('hi', 0, { spanish: 5 }), agentConfig('lo', 0, { spanish: 2 }), agentConfig('en', 0, { english: 5 })];
/** `spanish` routes by skills; `hotline` has only the level-5 agent, to keep them busy. */
const queues = (steps = spanishSteps) => [
  queueConfig('spanish', ['lo', 'hi', 'en'], { skillSteps: steps }),
  queueConfig('hotline', ['hi']),
];
const offeredData = (r: { store: { queueEvents: { event: string; callId: string; agentId?: string; data: Record<string, unknown> }[] } }, callId: string) =>
  r.store.queueEvents.filter((e) => e.callId === callId && e.event === 'offered').map((e) => ({ agent: e.agentId, ...e.data }));

describe('skills routing in timed steps', () => {
  it('waits for the spanish>=4 agent while a level-2 agent is free, then after 30 s offers the level-2 agent', async () => {
    const r = await rig(team, queues());
    await r.login('lo', 'en', 'hi');
    await r.acd.enqueue({ callId: 'busy', queueId: 'hotline', callerNumber: '1' });
    await r.acd.answered('busy', 'hi');
    await r.acd.enqueue({ callId: 'k1', queueId: 'spanish', callerNumber: '+34911000000' });
    assert.equal(r.status('lo'), 'available');
    await r.advance(29.9);
    assert.deepEqual(r.log, ['offer busy hi'], 'no offer while the first step asks for spanish>=4');
    await r.advance(0.2);
    assert.deepEqual(r.log, ['offer busy hi', 'offer k1 lo']);
    assert.deepEqual(offeredData(r, 'k1'), [{ agent: 'lo', ringTimeoutSeconds: 20, step: 2, require: 'spanish>=2', skillScore: 2 }]);
    const entered = r.store.queueEvents.find((e) => e.callId === 'k1' && e.event === 'entered');
    assert.deepEqual(entered?.data.steps, ['spanish>=4 for 30 s', 'spanish>=2 for 30 s', 'anyone']);
  });

  it('gives the call to the level-5 agent who frees up within the first step', async () => {
    const r = await rig(team, queues());
    await r.login('lo', 'en', 'hi');
    await r.acd.enqueue({ callId: 'busy', queueId: 'hotline', callerNumber: '1' });
    await r.acd.answered('busy', 'hi');
    await r.acd.enqueue({ callId: 'k1', queueId: 'spanish', callerNumber: '1' });
    await r.advance(10);
    await r.acd.agentHungUp('busy');
    assert.deepEqual(r.log, ['offer busy hi', 'offer k1 hi']);
    assert.deepEqual(offeredData(r, 'k1'), [{ agent: 'hi', ringTimeoutSeconds: 20, step: 1, require: 'spanish>=4', skillScore: 5 }]);
  });

  it('after the last timed step anyone in the queue may answer', async () => {
    const r = await rig(team, [queueConfig('spanish', ['en'], { skillSteps: spanishSteps })]);
    await r.login('en');
    await r.acd.enqueue({ callId: 'k1', queueId: 'spanish', callerNumber: '1' });
    await r.advance(59.9);
    assert.deepEqual(r.log, []);
    await r.advance(0.2);
    assert.deepEqual(r.log, ['offer k1 en']);
    assert.deepEqual(offeredData(r, 'k1'), [{ agent: 'en', ringTimeoutSeconds: 20, step: 3, require: 'anyone', skillScore: 0 }]);
  });

  it('a last step that never relaxes keeps the call for skilled agents', async () => {
    const r = await rig(team, [queueConfig('spanish', ['en', 'lo'], { skillSteps: [{ require: [{ skill: 'spanish', min: 4 }], seconds: null }] })]);
    await r.login('en', 'lo');
    await r.acd.enqueue({ callId: 'k1', queueId: 'spanish', callerNumber: '1' });
    await r.advance(3600);
    assert.deepEqual(r.log, []);
  });

  it('the best proficiency wins over longer idle time; ties go to the strategy (longest idle)', async () => {
    const agents = [agentConfig('two', 0, { spanish: 2 }), agentConfig('four', 0, { spanish: 4 }), agentConfig('five', 0, { spanish: 5 }), agentConfig('five-b', 0, { spanish: 5 })];
    const steps: SkillStep[] = [{ require: [{ skill: 'spanish', min: 2 }], seconds: 30 }];
    const r = await rig(agents, [queueConfig('spanish', ['two', 'four', 'five', 'five-b'], { skillSteps: steps })]);
    await r.login('two', 'four', 'five-b', 'five');
    await r.acd.enqueue({ callId: 'k1', queueId: 'spanish', callerNumber: '1' });
    await r.acd.enqueue({ callId: 'k2', queueId: 'spanish', callerNumber: '1' });
    await r.acd.enqueue({ callId: 'k3', queueId: 'spanish', callerNumber: '1' });
    assert.deepEqual(r.log, ['offer k1 five-b', 'offer k2 five', 'offer k3 four']);
  });

  it('a call brings its own steps (the IVR queue verb) instead of the queue\'s; several skills add up', async () => {
    const agents = [agentConfig('es', 0, { spanish: 5 }), agentConfig('both', 0, { spanish: 3, billing: 4 })];
    const r = await rig(agents, [queueConfig('support', ['es', 'both'], { skillSteps: [{ require: [{ skill: 'spanish', min: 5 }], seconds: null }] })]);
    await r.login('es', 'both');
    await r.acd.enqueue({ callId: 'k1', queueId: 'support', callerNumber: '1', skillSteps: [{ require: [{ skill: 'spanish', min: 2 }, { skill: 'billing', min: 1 }], seconds: 20 }] });
    assert.deepEqual(r.log, ['offer k1 both']);
    assert.deepEqual(offeredData(r, 'k1'), [{ agent: 'both', ringTimeoutSeconds: 20, step: 1, require: 'spanish>=2, billing>=1', skillScore: 7 }]);
  });

  it('a reload gives an agent new skills at once', async () => {
    const r = await rig(team, queues([{ require: [{ skill: 'spanish', min: 4 }], seconds: null }]));
    await r.login('en');
    await r.acd.enqueue({ callId: 'k1', queueId: 'spanish', callerNumber: '1' });
    assert.deepEqual(r.log, []);
    r.store.agents = [agentConfig('hi', 0, { spanish: 5 }), agentConfig('lo', 0, { spanish: 2 }), agentConfig('en', 0, { english: 5, spanish: 4 })];
    await r.acd.reload();
    assert.deepEqual(r.log, ['offer k1 en']);
  });

  it('refuses malformed steps from the SIP layer', async () => {
    const r = await rig(team, queues());
    await assert.rejects(r.acd.enqueue({ callId: 'k1', queueId: 'spanish', callerNumber: '1', skillSteps: [{ require: [{ skill: 'spanish', min: 9 }], seconds: 30 }] }), isCode('invalid-request'));
    await assert.rejects(r.acd.enqueue({ callId: 'k1', queueId: 'spanish', callerNumber: '1', skillSteps: [{ require: [], seconds: -1 }] }), isCode('invalid-request'));
  });
});

describeEachDatabase('skills routing on record', (get) => {
  it('call_events say which step matched which agent', async () => {
    const f = await seed(get().db, 2, { skill_steps: spanishSteps });
    const [lo, hi] = f.agentIds as [string, string];
    await f.repos.agents.update(lo, { skills: [{ skill: 'spanish', proficiency: 2 }] });
    await f.repos.agents.update(hi, { skills: [{ skill: 'spanish', proficiency: 5 }] });
    const r = await startAcd(f.repos);
    await r.acd.agentLogin(lo);
    const call = await f.newCall();
    await r.acd.enqueue({ callId: call, queueId: f.queueId, callerNumber: '+34911000000' });
    await r.advance(31);
    const events = (await f.repos.callEvents.search({ callId: call, limit: 50 })).items.reverse();
    assert.deepEqual(events.map((e) => [e.event, e.agent_id]), [['entered', null], ['offered', lo]]);
    assert.deepEqual(events[0]?.data.steps, ['spanish>=4 for 30 s', 'spanish>=2 for 30 s', 'anyone']);
    assert.deepEqual(events[1]?.data, { ringTimeoutSeconds: 20, step: 2, require: 'spanish>=2', skillScore: 2 });
    await r.acd.close();
  });
});
