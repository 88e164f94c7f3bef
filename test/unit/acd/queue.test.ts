// Queue ordering (priority, then arrival), positions, priority rules, candidates (paused,
// penalty) and the service-level figure.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from '../../../server/acd/agent.js';
import type { AgentState } from '../../../server/acd/agent-state.types.js';
import { Queue } from '../../../server/acd/queue.js';
import type { WaitingCall } from '../../../server/acd/queue.types.js';
import { LongestIdle } from '../../../server/acd/routing-strategies.js';
import { agentConfig, queueConfig } from './memory-store.js';

let seq = 0;
const waiting = (callId: string, priority = 0): WaitingCall => ({ callId, queueId: 'q', callerNumber: '', priority, enteredAt: 0, seq: seq++, ringing: new Set() });
const agent = (id: string, state: AgentState, since: number) => new Agent(agentConfig(id), state, since, { persist: async () => {}, announce: () => {}, now: () => 0 });

describe('queue', () => {
  it('orders callers by priority, then arrival, and reports positions', () => {
    const q = new Queue(queueConfig('q', []), new LongestIdle());
    assert.equal(q.add(waiting('a')), 1);
    assert.equal(q.add(waiting('b')), 2);
    assert.equal(q.add(waiting('vip', 5)), 1);
    assert.equal(q.add(waiting('c')), 4);
    assert.equal(q.add(waiting('vip2', 5)), 2);
    assert.deepEqual(q.waiting.map((w) => w.callId), ['vip', 'vip2', 'a', 'b', 'c']);
    assert.equal(q.position('b'), 4);
    q.remove('vip');
    assert.equal(q.position('b'), 3);
    assert.equal(q.position('vip'), undefined);
    assert.equal(q.stats.entered, 5);
  });

  it('is full at max queue length', () => {
    const q = new Queue(queueConfig('q', [], { maxQueueLength: 2 }), new LongestIdle());
    q.add(waiting('a'));
    assert.equal(q.isFull, false);
    q.add(waiting('b'));
    assert.equal(q.isFull, true);
  });

  it('takes the priority of the longest matching caller prefix', () => {
    const q = new Queue(queueConfig('q', [], { priorityRules: [{ caller_prefix: '+44', priority: 2 }, { caller_prefix: '+4420', priority: 7 }] }), new LongestIdle());
    assert.equal(q.priorityFor('+442071234567'), 7);
    assert.equal(q.priorityFor('+441611234567'), 2);
    assert.equal(q.priorityFor('+15551234567'), 0);
  });

  it('offers only available, unpaused members of the lowest penalty present', () => {
    const config = queueConfig('q', []);
    config.members = [
      { agentId: 'busy', penalty: 0, paused: false },
      { agentId: 'paused', penalty: 0, paused: true },
      { agentId: 'second-line', penalty: 2, paused: false },
      { agentId: 'first-line', penalty: 1, paused: false },
      { agentId: 'first-line-too', penalty: 1, paused: false },
    ];
    const q = new Queue(config, new LongestIdle());
    const agents = new Map([
      ['busy', agent('busy', { status: 'on-call', callId: 'x' }, 0)],
      ['paused', agent('paused', { status: 'available' }, 0)],
      ['second-line', agent('second-line', { status: 'available' }, 0)],
      ['first-line', agent('first-line', { status: 'available' }, 50)],
      ['first-line-too', agent('first-line-too', { status: 'available' }, 10)],
    ]);
    assert.deepEqual(q.candidates(agents).map((c) => [c.agentId, c.memberIndex, c.idleSince]), [['first-line', 3, 50], ['first-line-too', 4, 10]]);
    agents.delete('first-line');
    agents.delete('first-line-too');
    assert.deepEqual(q.candidates(agents).map((c) => c.agentId), ['second-line']);
  });

  it('service level: answered within the threshold over answered plus abandoned', () => {
    const q = new Queue(queueConfig('q', [], { serviceLevelSeconds: 20 }), new LongestIdle());
    assert.equal(q.serviceLevel(), null);
    q.recordAnswered('a', 5_000);
    q.recordAnswered('a', 20_000);
    q.recordAnswered('b', 20_001);
    q.stats.abandoned += 1;
    assert.equal(q.serviceLevel(), 0.5);
    assert.equal(q.stats.answeredWaitMs, 45_001);
  });
});
