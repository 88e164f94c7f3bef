// Priority (issue 16), on the fake clock: the number's, the IVR choice's, the queue's caller
// rules and a VIP contact's parts add up and are on record; a higher priority jumps the line;
// aging raises a waiting call's priority with its time in queue, within a queue and across
// queues; an explicit priority (a transfer keeping it) overrides the sources.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isCode, rig } from '../../unit/acd/acd-rig.js';
import { agentConfig, queueConfig } from '../../unit/acd/memory-store.js';

const waitingOrder = (r: Awaited<ReturnType<typeof rig>>, queueId: string) =>
  r.acd.snapshot().queues.find((q) => q.queueId === queueId)?.waiting.map((w) => w.callId);

describe('priority', () => {
  it('adds up the caller rule, number, IVR choice and VIP parts and records them', async () => {
    const r = await rig([agentConfig('a')], [queueConfig('q', ['a'], { priorityRules: [{ caller_prefix: '+44', priority: 2 }], vipPriority: 20 })]);
    await r.acd.enqueue({ callId: 'k1', queueId: 'q', callerNumber: '+4420', prioritySources: { number: 3, choice: 5, vip: true } });
    const entered = r.store.queueEvents.find((e) => e.callId === 'k1' && e.event === 'entered');
    assert.equal(entered?.data.priority, 30);
    assert.deepEqual(entered?.data.priorityParts, { rule: 2, number: 3, choice: 5, vip: 20 });
  });

  it('the VIP entering last is answered first', async () => {
    const r = await rig([agentConfig('a')], [queueConfig('q', ['a'])]);
    for (const [callId, vip] of [['k1', false], ['k2', false], ['vip', true]] as const) {
      await r.acd.enqueue({ callId, queueId: 'q', callerNumber: '1', prioritySources: { vip } });
      await r.advance(1);
    }
    assert.deepEqual(waitingOrder(r, 'q'), ['vip', 'k1', 'k2']);
    await r.acd.agentLogin('a');
    assert.deepEqual(r.log, ['offer vip a']);
  });

  it('aging lets an old call keep its place against a newer higher-priority one', async () => {
    const r = await rig([agentConfig('a')], [queueConfig('q', ['a'], { priorityAgingSeconds: 10 })]);
    await r.acd.enqueue({ callId: 'old', queueId: 'q', callerNumber: '1' });
    await r.advance(30);
    // 30 s of waiting is worth 3 points: a priority-2 newcomer goes behind, a priority-5 one ahead.
    await r.acd.enqueue({ callId: 'two', queueId: 'q', callerNumber: '1', prioritySources: { choice: 2 } });
    await r.acd.enqueue({ callId: 'five', queueId: 'q', callerNumber: '1', prioritySources: { choice: 5 } });
    assert.deepEqual(waitingOrder(r, 'q'), ['five', 'old', 'two']);
  });

  it('without aging the higher priority always jumps the line', async () => {
    const r = await rig([agentConfig('a')], [queueConfig('q', ['a'])]);
    await r.acd.enqueue({ callId: 'old', queueId: 'q', callerNumber: '1' });
    await r.advance(3600);
    await r.acd.enqueue({ callId: 'one', queueId: 'q', callerNumber: '1', prioritySources: { number: 1 } });
    assert.deepEqual(waitingOrder(r, 'q'), ['one', 'old']);
  });

  it('across queues, an aging call overtakes a higher-priority call of another queue once it has waited long enough', async () => {
    const r = await rig([agentConfig('a')], [queueConfig('aging', ['a'], { priorityAgingSeconds: 10 }), queueConfig('plain', ['a'])]);
    await r.acd.enqueue({ callId: 'patient', queueId: 'aging', callerNumber: '1' });
    await r.acd.enqueue({ callId: 'urgent', queueId: 'plain', callerNumber: '1', prioritySources: { choice: 4 } });
    await r.advance(39);
    await r.acd.agentLogin('a');
    assert.deepEqual(r.log, ['offer urgent a'], 'after 39 s the aging call is worth 3.9 < 4');
    await r.acd.noAnswer('urgent', 'a', 'busy');
    await r.advance(2);
    await r.acd.agentReady('a');
    assert.deepEqual(r.log.slice(1), ['offer patient a'], 'after 41 s it is worth 4.1 > 4');
  });

  it('a new aging setting reorders the callers already waiting', async () => {
    const r = await rig([agentConfig('a')], [queueConfig('q', ['a'])]);
    await r.acd.enqueue({ callId: 'old', queueId: 'q', callerNumber: '1' });
    await r.advance(60);
    await r.acd.enqueue({ callId: 'new', queueId: 'q', callerNumber: '1', prioritySources: { choice: 2 } });
    assert.deepEqual(waitingOrder(r, 'q'), ['new', 'old']);
    r.store.queues = [queueConfig('q', ['a'], { priorityAgingSeconds: 20 })];
    await r.acd.reload();
    assert.deepEqual(waitingOrder(r, 'q'), ['old', 'new']);
  });

  it('an explicit priority overrides the sources', async () => {
    const r = await rig([agentConfig('a')], [queueConfig('q', ['a'])]);
    await r.acd.enqueue({ callId: 'k1', queueId: 'q', callerNumber: '1', priority: 1, prioritySources: { vip: true } });
    const entered = r.store.queueEvents.find((e) => e.callId === 'k1' && e.event === 'entered');
    assert.equal(entered?.data.priority, 1);
    assert.equal(entered?.data.priorityParts, undefined);
  });

  it('refuses priority sources that are not small integers', async () => {
    const r = await rig([agentConfig('a')], [queueConfig('q', ['a'])]);
    await assert.rejects(r.acd.enqueue({ callId: 'k1', queueId: 'q', callerNumber: '1', prioritySources: { number: 1.5 } }), isCode('invalid-request'));
  });
});
