// AcdService on a fake clock and the in-memory store: a call transferred away by its agent.
// The agent's part ends (wrap-up as the queue says) and is logged `transferred`; a queue call
// queued again with what transferred() returned keeps its first entry time and its priority,
// so it goes back ahead of callers who came after it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agents, isCode, rig, sales } from './acd-rig.js';

describe('AcdService transfers', { timeout: 10_000 }, () => {
  it('a queue call transferred back to its queue keeps its entry time and priority: it is ahead of later callers', async () => {
    const r = await rig(agents, [sales({ wrapUpSeconds: 5 })]);
    await r.login('a');
    const t0 = r.clock.now();
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1', priority: 3 });
    await r.acd.answered('k1', 'a');
    await r.advance(20);
    await r.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '2', priority: 3 });
    const from = await r.acd.transferred('k1', { to: 'sales' });
    assert.deepEqual(from, { queueId: 'sales', enteredAt: t0, priority: 3 });
    assert.equal(r.status('a'), 'wrap-up', 'the transferring agent wraps up');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1', priority: from.priority, enteredAt: from.enteredAt });
    assert.equal(r.acd.position('k1'), 1, 'k1 is ahead of k2, who came later');
    assert.equal(r.acd.position('k2'), 2);
    assert.deepEqual(r.store.eventsOf('k1'), ['entered', 'offered:a', 'answered:a', 'transferred:a', 'entered']);
    // The record keeps the first entry (the fact carries the kept time, not the requeue's).
    await r.login('b');
    assert.ok(r.log.includes('offer k1 b'), `k1 is offered first: ${JSON.stringify(r.log)}`);
  });

  it('a direct call transferred returns nothing to keep and frees the agent without wrap-up; an unknown call is refused', async () => {
    const r = await rig(agents, [sales({ wrapUpSeconds: 5 })]);
    await r.login('a');
    await r.acd.directCall('d1', 'a');
    assert.equal(await r.acd.transferred('d1', {}), undefined);
    assert.equal(r.status('a'), 'available');
    await assert.rejects(r.acd.transferred('nope', {}), isCode('unknown-call'));
    await assert.rejects(r.acd.enqueue({ callId: 'k9', queueId: 'sales', callerNumber: '1', enteredAt: -5 }), isCode('invalid-request'));
  });
});
