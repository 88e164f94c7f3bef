// AcdService on a fake clock and the in-memory store:
// wrap-up time (queue or agent), ending it early, not-ready asked during a call, and the
// end time the desktop counts down to (on the transition, in the snapshot, after a restart).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentConfig, queueConfig } from './memory-store.js';
import { agents, rig, sales } from './acd-rig.js';
import type { AgentTransition } from '../../../server/acd/index.js';

describe('AcdService wrap-up', () => {
  it('wrap-up: queue time by default, the agent\'s own when set; then available and offered again', async () => {
    const r = await rig([agentConfig('a'), agentConfig('b', 5)], [sales({ wrapUpSeconds: 30 })]);
    await r.login('a', 'b');
    for (const [call, agent] of [['k1', 'a'], ['k2', 'b']] as const) {
      await r.acd.enqueue({ callId: call, queueId: 'sales', callerNumber: '1' });
      await r.acd.answered(call, agent);
    }
    await r.acd.callerHungUp('k1');
    await r.acd.agentHungUp('k2');
    assert.equal(r.status('a'), 'wrap-up');
    assert.equal(r.status('b'), 'wrap-up');
    await r.acd.enqueue({ callId: 'k3', queueId: 'sales', callerNumber: '1' });
    await r.advance(5);
    assert.equal(r.status('b'), 'ringing', 'b wrapped up after its own 5 s and took k3');
    assert.equal(r.status('a'), 'wrap-up');
    await r.acd.answered('k3', 'b');
    await r.advance(25);
    assert.equal(r.status('a'), 'available');
    assert.deepEqual(r.store.eventsOf('k1'), ['entered', 'offered:a', 'answered:a', 'completed:a']);
    assert.equal(r.store.queueEvents.find((e) => e.callId === 'k2' && e.event === 'completed')?.data.hungUpBy, 'agent');
  });

  it('an agent ends wrap-up early by going ready; no wrap-up time means straight to available', async () => {
    const r = await rig(agents, [sales({ wrapUpSeconds: 60 }), queueConfig('fast', ['c'])]);
    await r.login('a', 'c');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.acd.answered('k1', 'a');
    await r.acd.callerHungUp('k1');
    await r.acd.agentReady('a');
    assert.equal(r.status('a'), 'available');
    await r.advance(60);
    assert.deepEqual(r.store.statesOf('a'), ['available', 'ringing', 'on-call', 'wrap-up', 'available'], 'the cancelled timer wrote nothing');
    await r.acd.enqueue({ callId: 'k2', queueId: 'fast', callerNumber: '1' });
    await r.acd.answered('k2', 'c');
    await r.acd.callerHungUp('k2');
    assert.equal(r.status('c'), 'available');
  });

  it('not-ready asked during a call applies after wrap-up', async () => {
    const r = await rig(agents, [sales({ wrapUpSeconds: 10 })]);
    await r.login('a');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.acd.answered('k1', 'a');
    assert.deepEqual(await r.acd.agentNotReady('a', 'lunch'), { status: 'on-call', callId: 'k1', pendingNotReady: 'lunch' });
    await r.acd.callerHungUp('k1');
    await r.advance(10);
    assert.deepEqual(r.acd.agentState('a'), { status: 'not-ready', reason: 'lunch' });
    await r.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '1' });
    assert.deepEqual(r.log, ['offer k1 a'], 'a not-ready agent is not offered calls');
  });

  it('wrap-up carries when its timer ends it: on the transition, in the snapshot, and after a restart', async () => {
    const r = await rig([agentConfig('a'), agentConfig('b', 20)], [sales({ wrapUpSeconds: 30 })]);
    const seen: AgentTransition[] = [];
    r.acd.on('agent-state', (t: AgentTransition) => { seen.push(t); });
    await r.login('a', 'b');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.acd.answered('k1', 'a');
    await r.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '1' });
    await r.acd.answered('k2', 'b');
    await r.advance(7);
    const hungUpAt = r.clock.now();
    await r.acd.callerHungUp('k1');
    await r.acd.callerHungUp('k2');
    const intoWrapUp = (id: string) => seen.find((t) => t.agentId === id && t.to.status === 'wrap-up');
    assert.equal(intoWrapUp('a')?.wrapUpEndsAt, hungUpAt + 30_000, 'the queue\'s 30 s');
    assert.equal(intoWrapUp('b')?.wrapUpEndsAt, hungUpAt + 20_000, 'the agent\'s own 20 s');
    assert.equal(seen.find((t) => t.agentId === 'a' && t.to.status === 'on-call')?.wrapUpEndsAt, undefined, 'only wrap-up has an end');
    assert.equal(r.acd.snapshot().agents.find((x) => x.agentId === 'a')?.wrapUpEndsAt, hungUpAt + 30_000, 'the snapshot has it');
    await r.advance(5);
    await r.acd.close();

    const again = await rig([], [], { store: r.store, clock: r.clock });
    assert.equal(again.acd.snapshot().agents.find((x) => x.agentId === 'b')?.wrapUpEndsAt, hungUpAt + 20_000, 'the same end after a restart');
    await again.advance(15);
    const b = again.acd.snapshot().agents.find((x) => x.agentId === 'b');
    assert.equal(b?.status, 'available');
    assert.equal(b?.wrapUpEndsAt, undefined, 'no end outside wrap-up');
  });
});
