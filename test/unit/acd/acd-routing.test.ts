// AcdService on a fake clock and the in-memory store:
// offers by strategy and priority, ring timeout and declines move the call on, ring-all.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { queueConfig } from './memory-store.js';
import { agents, isCode, rig, sales } from './acd-rig.js';

describe('AcdService routing', () => {
  it('offers a call to the longest-idle agent and connects it on answer', async () => {
    const r = await rig(agents, [sales()]);
    await r.login('b', 'a', 'c');
    assert.deepEqual(await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '+15550001' }), { status: 'queued', position: 1, averageAnswerSeconds: null });
    assert.deepEqual(r.log, ['offer k1 b']);
    assert.equal(r.status('b'), 'ringing');
    await r.advance(3);
    await r.acd.answered('k1', 'b');
    assert.equal(r.status('b'), 'on-call');
    assert.deepEqual(r.store.eventsOf('k1'), ['entered', 'offered:b', 'answered:b']);
    assert.equal(r.store.queueEvents.at(-1)?.data.waitSeconds, 3);
    assert.deepEqual(r.store.calls.get('k1'), { status: 'connected', queueId: 'sales', queueEnteredAt: r.clock.now() - 3000, agentId: 'b', queueLeftAt: r.clock.now(), disposition: 'answered' });
    assert.deepEqual(r.store.statesOf('b'), ['available', 'ringing', 'on-call']);
    // The next call goes to the next longest idle.
    await r.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '+15550002' });
    assert.deepEqual(r.log, ['offer k1 b', 'offer k2 a']);
  });

  it('on ring timeout offers the next agent and puts the silent one in not-ready', async () => {
    const r = await rig(agents, [sales({ ringTimeoutSeconds: 15 })]);
    await r.login('a', 'b');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.advance(14.9);
    assert.deepEqual(r.log, ['offer k1 a']);
    await r.advance(0.2);
    assert.deepEqual(r.log, ['offer k1 a', 'cancel k1 a ring-timeout', 'offer k1 b']);
    assert.deepEqual(r.acd.agentState('a'), { status: 'not-ready', reason: 'ring-no-answer' });
    assert.deepEqual(r.store.eventsOf('k1'), ['entered', 'offered:a', 'no-answer:a', 'offered:b']);
    // b does not answer either: nobody is left, the caller keeps waiting in position 1.
    await r.advance(15);
    assert.equal(r.status('b'), 'not-ready');
    assert.equal(r.acd.position('k1'), 1);
    // a comes back and gets the call again.
    await r.acd.agentReady('a');
    assert.equal(r.log.at(-1), 'offer k1 a');
  });

  it('a declined or unreachable agent goes not-ready with that reason and the call moves on at once', async () => {
    const r = await rig(agents, [sales()]);
    await r.login('a', 'b');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.acd.noAnswer('k1', 'a', 'busy');
    assert.deepEqual(r.acd.agentState('a'), { status: 'not-ready', reason: 'busy' });
    assert.deepEqual(r.log, ['offer k1 a', 'offer k1 b']);
    await assert.rejects(r.acd.noAnswer('k1', 'a', 'busy'), isCode('offer-not-found'));
    await assert.rejects(r.acd.answered('k1', 'c'), isCode('offer-not-found'));
  });

  it('an agent who logs out or goes not-ready while rung releases the call to the next agent', async () => {
    const r = await rig(agents, [sales()]);
    await r.login('a', 'b', 'c');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.acd.agentLogout('a');
    await r.acd.agentNotReady('b', 'toilet');
    assert.deepEqual(r.log, ['offer k1 a', 'cancel k1 a agent-unavailable', 'offer k1 b', 'cancel k1 b agent-unavailable', 'offer k1 c']);
    assert.equal(r.status('a'), 'logged-out');
    assert.deepEqual(r.acd.agentState('b'), { status: 'not-ready', reason: 'toilet' });
  });

  it('serves higher priority first, then arrival, across queues', async () => {
    const r = await rig(agents, [sales({ priorityRules: [{ caller_prefix: '+44', priority: 3 }] }), queueConfig('support', ['a'])]);
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '+1555' });
    await r.acd.enqueue({ callId: 'k2', queueId: 'support', callerNumber: '+1555' });
    assert.deepEqual(await r.acd.enqueue({ callId: 'k3', queueId: 'sales', callerNumber: '+4420' }), { status: 'queued', position: 1, averageAnswerSeconds: null });
    assert.deepEqual(await r.acd.enqueue({ callId: 'k4', queueId: 'sales', callerNumber: '+1555', priority: 9 }), { status: 'queued', position: 1, averageAnswerSeconds: null });
    assert.deepEqual(r.acd.snapshot().queues[0]?.waiting.map((w) => [w.callId, w.position, w.priority]), [['k4', 1, 9], ['k3', 2, 3], ['k1', 3, 0]]);
    await r.login('a');
    for (const callId of ['k4', 'k3', 'k1', 'k2']) {
      assert.equal(r.log.at(-1), `offer ${callId} a`);
      await r.acd.answered(callId, 'a');
      await r.acd.callerHungUp(callId);
    }
  });

  it('ring-all rings every free member; the first to answer wins, the others are released', async () => {
    const r = await rig(agents, [sales({ strategy: 'ring-all' })]);
    await r.login('a', 'b', 'c');
    await r.acd.agentNotReady('c', 'break');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    assert.deepEqual(r.log, ['offer k1 a', 'offer k1 b']);
    await r.acd.answered('k1', 'b');
    assert.deepEqual(r.log.slice(2), ['cancel k1 a answered-elsewhere']);
    assert.equal(r.status('a'), 'available');
    assert.equal(r.status('b'), 'on-call');
  });

  it('ring-all timeout puts every silent agent in not-ready', async () => {
    const r = await rig(agents, [sales({ strategy: 'ring-all', ringTimeoutSeconds: 10 })]);
    await r.login('a', 'b');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.advance(10);
    assert.deepEqual([r.status('a'), r.status('b')], ['not-ready', 'not-ready']);
  });

  it('round-robin, fewest-calls and random route through the queue', async () => {
    const rr = await rig(agents, [sales({ strategy: 'round-robin' })]);
    await rr.login('c', 'b', 'a');
    for (const callId of ['k1', 'k2', 'k3', 'k4']) {
      await rr.acd.enqueue({ callId, queueId: 'sales', callerNumber: '1' });
      const agent = rr.log.at(-1)?.split(' ')[2] ?? '';
      await rr.acd.answered(callId, agent);
      await rr.acd.callerHungUp(callId);
    }
    assert.deepEqual(rr.log.map((l) => l.split(' ')[2]), ['a', 'b', 'c', 'a']);

    const fc = await rig(agents, [sales({ strategy: 'fewest-calls' })]);
    await fc.login('a', 'b');
    await fc.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await fc.acd.answered('k1', 'a');
    await fc.acd.callerHungUp('k1');
    await fc.login('c');
    await fc.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '1' });
    assert.equal(fc.log.at(-1), 'offer k2 b', 'b has fewer calls than a and idles longer than c');

    const rnd = await rig(agents, [sales({ strategy: 'random' })], { random: () => 0.99 });
    await rnd.login('a', 'b', 'c');
    await rnd.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    assert.equal(rnd.log.at(-1), 'offer k1 c');
  });
});
