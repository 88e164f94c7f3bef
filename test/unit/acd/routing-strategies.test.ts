// Each routing strategy's pick, on hand-made candidates.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createStrategy, FewestCalls, LongestIdle, RandomPick, RingAll, RoundRobin } from '../../../server/acd/routing-strategies.js';
import type { Candidate } from '../../../server/acd/routing-strategy.types.js';

const call = { callId: 'c', priority: 0, enteredAt: 0 };
const cand = (agentId: string, memberIndex: number, idleSince: number, answeredInQueue = 0): Candidate => ({ agentId, memberIndex, idleSince, answeredInQueue, penalty: 0, skillScore: 0 });
const ids = (cs: Candidate[]) => cs.map((c) => c.agentId);

describe('routing strategies', () => {
  const a = cand('a', 0, 3000, 5);
  const b = cand('b', 1, 1000, 2);
  const c = cand('c', 2, 2000, 2);

  it('longest-idle picks the agent available the longest, member order breaking ties', () => {
    assert.deepEqual(ids(new LongestIdle().pick([a, b, c], call)), ['b']);
    assert.deepEqual(ids(new LongestIdle().pick([cand('x', 1, 500), cand('y', 0, 500)], call)), ['y']);
  });

  it('ring-all rings every candidate', () => {
    assert.deepEqual(ids(new RingAll().pick([a, b, c], call)), ['a', 'b', 'c']);
  });

  it('fewest-calls picks the fewest answered, longest idle breaking ties', () => {
    assert.deepEqual(ids(new FewestCalls().pick([a, b, c], call)), ['b']);
    assert.deepEqual(ids(new FewestCalls().pick([a, c], call)), ['c']);
  });

  it('round-robin resumes after the last agent offered and wraps around', () => {
    const rr = new RoundRobin();
    const picks = [0, 1, 2, 3].map(() => ids(rr.pick([c, a, b], call))[0]);
    assert.deepEqual(picks, ['a', 'b', 'c', 'a']);
    // b is busy this time: the turn passes to c, then wraps to a.
    assert.deepEqual(ids(rr.pick([a, c], call)), ['c']);
    assert.deepEqual(ids(rr.pick([a, b], call)), ['a']);
  });

  it('random uses the injected source', () => {
    assert.deepEqual(ids(new RandomPick(() => 0).pick([a, b, c], call)), ['a']);
    assert.deepEqual(ids(new RandomPick(() => 0.5).pick([a, b, c], call)), ['b']);
    assert.deepEqual(ids(new RandomPick(() => 0.9999).pick([a, b, c], call)), ['c']);
  });

  it('createStrategy maps every queue strategy name (skills falls back to longest idle)', () => {
    assert.equal(createStrategy('ring-all').name, 'ring-all');
    assert.equal(createStrategy('longest-idle').name, 'longest-idle');
    assert.equal(createStrategy('round-robin').name, 'round-robin');
    assert.equal(createStrategy('fewest-calls').name, 'fewest-calls');
    assert.equal(createStrategy('random').name, 'random');
    assert.equal(createStrategy('skills').name, 'longest-idle');
  });
});
