// Call records: lifecycle (create, legs, end with duration), search filters, keyset paging,
// role scopes; the queue log and agent states.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createRepositories, type Repositories } from '../../server/db/repositories.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('calls repository', (get) => {
  let repos: Repositories;
  let queueA: string;
  let queueB: string;

  it('creates a call, adds a leg, ends it with a duration', async () => {
    repos = createRepositories(get().db, { sipRealm: 'switchboard' });
    queueA = (await repos.queues.create({ name: 'A', strategy: 'ring-all' })).id;
    queueB = (await repos.queues.create({ name: 'B', strategy: 'skills', supervisor_ids: ['00000000-0000-4000-8000-000000000001'] })).id;
    const startedAt = new Date(Date.now() - 65_000);
    const call = await repos.calls.create({ direction: 'inbound', from_number: '+15550001', to_number: '+15559999', started_at: startedAt, queue_id: queueA });
    assert.equal(call.status, 'ringing');
    const leg = await repos.calls.addLeg({ call_id: call.id, role: 'caller', sip_call_id: 'abc@host', started_at: startedAt });
    assert.equal((await repos.calls.legs(call.id))[0]?.id, leg.id);
    const ended = await repos.calls.end(call.id, { hangup_cause: 'normal', hangup_side: 'caller', disposition: 'answered', ended_at: new Date(startedAt.getTime() + 65_000) });
    assert.equal(ended?.status, 'completed');
    assert.equal(ended?.duration_seconds, 65);
  });

  it('searches by number, queue, duration and scope, newest first, paged by keyset', async () => {
    const base = Date.now() - 3600_000;
    for (let i = 0; i < 7; i++) {
      const c = await repos.calls.create({ direction: i % 2 ? 'outbound' : 'inbound', from_number: `+1444000${i % 3}`, to_number: '+15559999', started_at: new Date(base + i * 1000), queue_id: i < 4 ? queueA : queueB });
      await repos.calls.end(c.id, { ended_at: new Date(base + i * 1000 + i * 10_000), disposition: 'answered' });
    }
    const byNumber = await repos.calls.search({ number: '+14440001', limit: 10 });
    assert.deepEqual(byNumber.items.map((c) => c.from_number), ['+14440001', '+14440001']);
    assert.ok(byNumber.items[0]!.started_at > byNumber.items[1]!.started_at);
    assert.equal((await repos.calls.search({ queueId: queueB, limit: 10 })).items.length, 3);
    assert.deepEqual((await repos.calls.search({ minDuration: 30, maxDuration: 50, limit: 10 })).items.map((c) => c.duration_seconds), [50, 40, 30]);
    assert.equal((await repos.calls.search({ direction: 'outbound', limit: 10 })).items.length, 3);
    assert.equal((await repos.calls.search({ scope: { queueIds: [] }, limit: 10 })).items.length, 0);
    const supervised = await repos.queues.idsSupervisedBy('00000000-0000-4000-8000-000000000001');
    assert.deepEqual(supervised, [queueB]);

    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await repos.calls.search({ limit: 3, ...(after ? { after } : {}) });
      seen.push(...page.items.map((c) => c.id));
      if (!page.next) break;
      after = page.next;
    }
    assert.equal(seen.length, 8);
    assert.equal(new Set(seen).size, 8);
  });

  it('appends queue events and agent states and reads each agent\'s latest state', async () => {
    const agent = await repos.agents.create({ name: 'Bo', extension: '1002', sip_username: 'bo', sip_password: 'x', user_id: null });
    const call = (await repos.calls.search({ limit: 1 })).items[0]!;
    await repos.callEvents.add({ call_id: call.id, event: 'entered', queue_id: queueA });
    await repos.callEvents.add({ call_id: call.id, event: 'offered', queue_id: queueA, agent_id: agent.id, data: { ring: 1 } });
    const events = await repos.callEvents.search({ callId: call.id, limit: 10 });
    assert.deepEqual(events.items.map((e) => e.event), ['offered', 'entered']);
    assert.deepEqual(events.items[0]?.data, { ring: 1 });
    await repos.agentStates.append({ agent_id: agent.id, state: 'available', at: new Date(Date.now() - 1000) });
    await repos.agentStates.append({ agent_id: agent.id, state: 'away', reason: 'lunch' });
    const latest = await repos.agentStates.latest();
    assert.deepEqual(latest.map((s) => [s.state, s.reason]), [['away', 'lunch']]);
  });
});
