// Estimated wait time (issue 16): computed from live data (agents staffed and free, average
// handle time, position, overtaking arrivals), null when it cannot be estimated, carried by
// the announce events; the same caller moved to position 1 gets the shorter wait.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { estimateWaitMs, HandleTimes, Arrivals } from '../../../server/acd/wait-estimate.js';
import type { AnnounceEvent } from '../../../server/acd/acd-service.types.js';
import { rig } from '../../unit/acd/acd-rig.js';
import { agentConfig, queueConfig } from '../../unit/acd/memory-store.js';

describe('wait estimate', () => {
  it('is (position − free) × AHT / staffed, less the overtakers, and null when unknown', () => {
    const base = { position: 3, staffed: 2, free: 0, ahtMs: 60_000, higherArrivalsPerMs: 0 };
    assert.equal(estimateWaitMs(base), 90_000);
    assert.equal(estimateWaitMs({ ...base, position: 1 }), 30_000);
    assert.equal(estimateWaitMs({ ...base, free: 3 }), 0);
    assert.equal(estimateWaitMs({ ...base, ahtMs: null }), null, 'nothing handled yet');
    assert.equal(estimateWaitMs({ ...base, staffed: 0 }), null, 'nobody staffed');
    // Higher-priority callers arriving at half the service rate double the wait.
    assert.equal(estimateWaitMs({ ...base, higherArrivalsPerMs: 1 / 60_000 }), 180_000);
    assert.equal(estimateWaitMs({ ...base, higherArrivalsPerMs: 2 / 60_000 }), null, 'overtaken as fast as agents free up');
  });

  it('averages handle times over a window and counts higher-priority arrivals', () => {
    const h = new HandleTimes(4);
    assert.equal(h.averageMs, null);
    for (const ms of [10, 20, 30, 40]) h.add(ms);
    assert.equal(h.averageMs, 25);
    h.add(125);
    assert.equal(h.averageMs, 50, 'weight 1/window after the window fills');
    const a = new Arrivals(10);
    for (let t = 0; t < 10; t++) a.add(t * 1000, t % 2);
    assert.equal(a.higherThan(0, 10_000), 5 / 10_000);
    assert.equal(a.higherThan(1, 10_000), 0);
  });
});

describe('wait estimate in the ACD', () => {
  it('is null until a call was handled, then follows position, staffing and handle time; position 1 hears the shorter wait', async () => {
    const agents = [agentConfig('a'), agentConfig('b')];
    const r = await rig(agents, [queueConfig('q', ['a', 'b'], { announceIntervalSeconds: 20 })]);
    const announced: AnnounceEvent[] = [];
    r.acd.on('announce', (e) => announced.push(e));
    await r.login('a', 'b');
    // Two calls answered, then talk for 60 s each; nothing handled yet.
    for (const id of ['t1', 't2']) await r.acd.enqueue({ callId: id, queueId: 'q', callerNumber: '1' });
    await r.acd.answered('t1', 'a');
    await r.acd.answered('t2', 'b');
    await r.acd.enqueue({ callId: 'w1', queueId: 'q', callerNumber: '1' });
    assert.deepEqual(r.acd.waitEstimate('w1'), { position: 1, estimatedWaitSeconds: null }, "don't announce a wait you can't estimate");
    await r.advance(60);
    await r.acd.agentHungUp('t1');
    // w1 goes to a; the handle time is now known (60 s); b is still busy.
    await r.acd.answered('w1', 'a');
    for (const id of ['w2', 'w3', 'w4']) await r.acd.enqueue({ callId: id, queueId: 'q', callerNumber: '1' });
    // Two agents staffed, both busy, AHT 60 s: 30 s per position.
    assert.deepEqual(['w2', 'w3', 'w4'].map((id) => r.acd.waitEstimate(id)), [
      { position: 1, estimatedWaitSeconds: 30 }, { position: 2, estimatedWaitSeconds: 60 }, { position: 3, estimatedWaitSeconds: 90 },
    ]);
    // An agent going not-ready leaves one staffed: twice the wait.
    await r.acd.agentHungUp('t2');
    await r.acd.noAnswer('w2', 'b', 'busy');
    assert.equal(r.acd.agentState('b').status, 'not-ready');
    assert.deepEqual(r.acd.waitEstimate('w3'), { position: 2, estimatedWaitSeconds: 120 });
    // The interval announcement carries the estimate; w3, moved up to position 1 when w2 is answered, hears the shorter one.
    announced.length = 0;
    await r.acd.agentReady('b');
    await r.acd.answered('w2', 'b');
    await r.advance(20);
    // Both agents busy again, AHT 60 s (two calls of 60 s handled).
    const last = (id: string) => announced.filter((e) => e.callId === id).at(-1);
    assert.deepEqual([last('w3')?.position, last('w3')?.estimatedWaitSeconds], [1, 30]);
    assert.deepEqual([last('w4')?.position, last('w4')?.estimatedWaitSeconds], [2, 60]);
  });
});
