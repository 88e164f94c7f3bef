// Thousands of random steps (logins, pauses, calls, answers, declines, direct calls, hangups, time) on a
// seeded generator, with the ACD's invariants checked after every step. This is the test
// against mod_callcenter's failure: an agent left ringing or on a call that no longer exists.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AcdError } from '../../../server/acd/acd-errors.js';
import type { AcdSnapshot } from '../../../server/acd/acd-service.types.js';
import { agentConfig, queueConfig, type MemoryStore } from './memory-store.js';
import { rig } from './acd-rig.js';
import { seeded as generator } from '../../helpers/seeded-random.js';


function checkInvariants(snap: AcdSnapshot, store: MemoryStore, members: Map<string, string[]>, step: string): void {
  const agents = new Map(snap.agents.map((a) => [a.agentId, a]));
  const ringingFor = new Map<string, string>();
  for (const q of snap.queues) {
    for (const w of q.waiting) {
      for (const agentId of w.ringingAgents) {
        const agent = agents.get(agentId);
        assert.equal(agent?.status, 'ringing', `${step}: ${agentId} listed as rung for ${w.callId} but is ${agent?.status}`);
        assert.equal(agent?.callId, w.callId, `${step}: ${agentId} rings for another call`);
        assert.ok(!ringingFor.has(agentId), `${step}: ${agentId} rung for two calls`);
        ringingFor.set(agentId, w.callId);
      }
      // Dispatch is complete: a caller nobody is ringing has no free member.
      if (w.ringingAgents.length === 0) {
        const free = (members.get(q.queueId) ?? []).filter((id) => agents.get(id)?.status === 'available');
        assert.deepEqual(free, [], `${step}: ${w.callId} waits unoffered while ${free.join()} are available`);
      }
    }
  }
  const onCalls = new Set<string>();
  for (const agent of snap.agents) {
    if (agent.status === 'ringing') assert.equal(ringingFor.get(agent.agentId), agent.callId, `${step}: ${agent.agentId} rings for a call that is not waiting`);
    if (agent.status === 'on-call') {
      assert.ok(!onCalls.has(agent.callId ?? ''), `${step}: two agents on ${agent.callId}`);
      onCalls.add(agent.callId ?? '');
    }
    // The record agrees with memory.
    const recorded = store.agentStates.filter((s) => s.agentId === agent.agentId).at(-1)?.state.status ?? 'logged-out';
    assert.equal(recorded, agent.status, `${step}: ${agent.agentId} recorded ${recorded}, live ${agent.status}`);
  }
}

describe('AcdService invariants under random operations', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: no agent stuck, no offer lost, records match memory`, async () => {
      const random = generator(seed);
      const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
      const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
      const queues = [
        queueConfig('q1', ['a', 'b', 'c'], { strategy: 'longest-idle', ringTimeoutSeconds: 10, wrapUpSeconds: 5, maxWaitSeconds: 90 }),
        queueConfig('q2', ['c', 'd', 'e'], { strategy: 'ring-all', ringTimeoutSeconds: 8, maxQueueLength: 4 }),
        queueConfig('q3', ['e', 'f', 'a'], { strategy: 'round-robin', ringTimeoutSeconds: 12, wrapUpSeconds: 3 }),
      ];
      const members = new Map(queues.map((q) => [q.id, q.members.map((m) => m.agentId)]));
      const r = await rig(ids.map((id, i) => agentConfig(id, i % 3 === 0 ? 4 : 0)), queues, { random });
      const offers = new Map<string, Set<string>>();
      const connected = new Set<string>();
      r.acd.on('offer', (o) => offers.set(o.callId, (offers.get(o.callId) ?? new Set()).add(o.agentId)));
      r.acd.on('offer-cancelled', (o) => offers.get(o.callId)?.delete(o.agentId));
      let calls = 0;
      const counts: Record<string, number> = {};
      for (let i = 0; i < 1500; i++) {
        const roll = random();
        const agent = pick(ids) ?? 'a';
        const pending = [...offers].flatMap(([callId, agents]) => [...agents].map((agentId) => ({ callId, agentId })));
        let op: string;
        let action: () => Promise<unknown>;
        if (roll < 0.12) [op, action] = ['login', () => r.acd.agentLogin(agent)];
        else if (roll < 0.16) [op, action] = ['logout', () => r.acd.agentLogout(agent)];
        else if (roll < 0.24) [op, action] = ['ready', () => r.acd.agentReady(agent)];
        else if (roll < 0.28) [op, action] = ['not-ready', () => r.acd.agentNotReady(agent, 'break')];
        else if (roll < 0.42) [op, action] = ['enqueue', () => r.acd.enqueue({ callId: `k${++calls}`, queueId: pick(['q1', 'q2', 'q3']) ?? 'q1', callerNumber: '1', priority: Math.floor(random() * 3) })];
        else if (roll < 0.58 && pending.length) {
          const o = pick(pending) ?? { callId: '', agentId: '' };
          [op, action] = ['answer', async () => {
            offers.get(o.callId)?.delete(o.agentId);
            await r.acd.answered(o.callId, o.agentId);
            connected.add(o.callId);
          }];
        } else if (roll < 0.63 && pending.length) {
          const o = pick(pending) ?? { callId: '', agentId: '' };
          [op, action] = ['decline', () => { offers.get(o.callId)?.delete(o.agentId); return r.acd.noAnswer(o.callId, o.agentId, 'busy'); }];
        } else if (roll < 0.72) {
          const callId = pick([...connected]) ?? `k${Math.ceil(random() * calls)}`;
          [op, action] = ['caller-hangup', () => { connected.delete(callId); offers.delete(callId); return r.acd.callerHungUp(callId); }];
        } else if (roll < 0.8 && connected.size) {
          const callId = pick([...connected]) ?? '';
          [op, action] = ['agent-hangup', () => { connected.delete(callId); return r.acd.agentHungUp(callId); }];
        } else if (roll < 0.84) {
          const callId = `d${++calls}`;
          [op, action] = ['direct', async () => {
            if ((await r.acd.directCall(callId, agent)).status === 'on-call') connected.add(callId);
          }];
        } else [op, action] = ['time', () => r.advance(Math.floor(random() * 15))];
        try {
          await action();
          counts[op] = (counts[op] ?? 0) + 1;
        } catch (e) {
          assert.ok(e instanceof AcdError, `step ${i} ${op}: unexpected ${String(e)}`);
          counts[`${op} refused`] = (counts[`${op} refused`] ?? 0) + 1;
        }
        await r.acd.settled();
        checkInvariants(r.acd.snapshot(), r.store, members, `step ${i} ${op}`);
      }
      // Enough of each kind happened for the run to mean something.
      for (const op of ['login', 'enqueue', 'answer', 'decline', 'direct', 'caller-hangup', 'agent-hangup', 'time']) assert.ok((counts[op] ?? 0) > 10, `${op}: ${counts[op] ?? 0}`);
      // Everyone comes back: hang every call up, let all timers run, log everyone in and ready.
      for (const callId of connected) await r.acd.agentHungUp(callId);
      for (const q of r.acd.snapshot().queues) for (const w of q.waiting) await r.acd.callerHungUp(w.callId);
      await r.advance(120);
      for (const id of ids) {
        const status = r.acd.agentState(id).status;
        assert.ok(['available', 'not-ready', 'logged-out'].includes(status), `${id} still ${status}`);
      }
    });
  }
});
