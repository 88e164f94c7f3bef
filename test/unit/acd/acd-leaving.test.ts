// AcdService on a fake clock and the in-memory store:
// callers leaving unanswered: max-wait overflow, full queue, abandon.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agents, isCode, rig, sales } from './acd-rig.js';

describe('AcdService callers leaving', () => {
  it('overflows a caller after max wait, releasing the agent being rung', async () => {
    const destination = { type: 'queue' as const, id: 'backup' };
    const r = await rig(agents, [sales({ maxWaitSeconds: 60, ringTimeoutSeconds: 100, overflowDestination: destination })]);
    const overflows: unknown[] = [];
    r.acd.on('overflow', (e) => overflows.push(e));
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.advance(50);
    await r.login('a');
    assert.equal(r.status('a'), 'ringing');
    await r.advance(10);
    assert.deepEqual(r.log, ['offer k1 a', 'cancel k1 a overflow', 'overflow k1 max-wait']);
    assert.equal(r.status('a'), 'available', 'the agent did nothing wrong');
    assert.deepEqual(overflows, [{ callId: 'k1', queueId: 'sales', reason: 'max-wait', destination, waitSeconds: 60 }]);
    assert.deepEqual(r.store.eventsOf('k1'), ['entered', 'offered:a', 'overflowed']);
    assert.equal(r.store.calls.get('k1')?.disposition, 'overflow');
    assert.equal(r.acd.position('k1'), undefined);
    await assert.rejects(r.acd.answered('k1', 'a'), isCode('offer-not-found'));
    assert.equal(r.clock.pending, 0, 'no timer left behind');
  });

  it('announces to waiting callers every interval with their position, not while an agent is rung', async () => {
    const r = await rig(agents, [sales({ announceIntervalSeconds: 30, announcementPromptId: 'p1', ringTimeoutSeconds: 60 })]);
    const announced: unknown[] = [];
    r.acd.on('announce', (e) => announced.push(e));
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '1' });
    await r.advance(30);
    assert.deepEqual(r.log, ['announce k1 1', 'announce k2 2']);
    assert.deepEqual(announced[1], { callId: 'k2', queueId: 'sales', promptId: 'p1', position: 2, waitSeconds: 30, averageAnswerSeconds: null, estimatedWaitSeconds: null });
    await r.login('a');
    assert.equal(r.log.at(-1), 'offer k1 a');
    await r.advance(29);
    assert.deepEqual(r.log.slice(-2), ['offer k1 a', 'announce k2 2'], 'k1 is being rung: no announcement');
    await r.acd.callerHungUp('k2');
    await r.acd.answered('k1', 'a');
    await r.advance(120);
    assert.equal(r.log.at(-1), 'announce k2 2', 'nothing after the callers left');
    assert.equal(r.clock.pending, 0);
  });

  it('turns callers away at max queue length with the overflow destination', async () => {
    const r = await rig(agents, [sales({ maxQueueLength: 2 })]);
    for (const callId of ['k1', 'k2']) assert.equal((await r.acd.enqueue({ callId, queueId: 'sales', callerNumber: '1' })).status, 'queued');
    assert.deepEqual(await r.acd.enqueue({ callId: 'k3', queueId: 'sales', callerNumber: '1' }), { status: 'overflow', reason: 'queue-full', destination: null });
    assert.deepEqual(r.store.eventsOf('k3'), ['overflowed']);
    assert.equal(r.store.queueEvents.at(-1)?.data.reason, 'queue-full');
    assert.equal(r.acd.snapshot().queues[0]?.stats.overflowed, 1);
  });

  it('with whenNoAgents overflow: no caller joins while no member is logged in, and those waiting leave when the last one logs out', async () => {
    const destination = { type: 'queue' as const, id: 'backup' };
    const r = await rig(agents, [sales({ whenNoAgents: 'overflow', overflowDestination: destination })]);
    assert.deepEqual(await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' }), { status: 'overflow', reason: 'no-agents', destination });
    assert.equal(r.store.queueEvents.at(-1)?.data.reason, 'no-agents');
    // a member logged in but busy elsewhere (not ready) is enough to wait for
    await r.login('a');
    await r.acd.agentNotReady('a', 'lunch');
    assert.equal((await r.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '1' })).status, 'queued');
    assert.equal((await r.acd.enqueue({ callId: 'k3', queueId: 'sales', callerNumber: '1' })).status, 'queued');
    const overflows: unknown[] = [];
    r.acd.on('overflow', (e) => overflows.push(e));
    await r.acd.agentLogout('a');
    assert.deepEqual(overflows.map((e) => (e as { callId: string; reason: string }).callId + ' ' + (e as { reason: string }).reason), ['k2 no-agents', 'k3 no-agents']);
    assert.equal(r.acd.position('k2'), undefined);
    assert.equal(r.clock.pending, 0, 'no timer left behind');
  });

  it('with whenNoAgents wait (the default) callers join an empty queue and stay when the last member leaves', async () => {
    const r = await rig(agents, [sales()]);
    assert.equal((await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' })).status, 'queued');
    await r.login('a');
    await r.acd.callerHungUp('k1').catch(() => undefined);
    assert.equal((await r.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '1' })).status, 'queued');
    await r.acd.agentLogout('a');
    assert.equal(r.acd.position('k2'), 1, 'still waiting');
  });

  it('records an abandoned caller with its wait and frees the agent being rung', async () => {
    const r = await rig(agents, [sales()]);
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '2' });
    await r.advance(42);
    await r.acd.callerHungUp('k1');
    const abandoned = r.store.queueEvents.at(-1);
    assert.deepEqual([abandoned?.event, abandoned?.data], ['abandoned', { waitSeconds: 42, position: 1 }]);
    assert.equal(r.store.calls.get('k1')?.disposition, 'abandoned');
    assert.equal(r.acd.position('k2'), 1);
    await r.login('a');
    await r.acd.callerHungUp('k2');
    assert.deepEqual(r.log, ['offer k2 a', 'cancel k2 a caller-hung-up']);
    assert.equal(r.status('a'), 'available');
    await assert.rejects(r.acd.callerHungUp('k2'), isCode('unknown-call'));
  });
});
