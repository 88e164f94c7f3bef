// What the ACD leaves in the database: every agent transition in agent_state_events (in the
// table's vocabulary: offline, away), every queue event in call_events; the call record's
// queue columns are the call's to write, from the queue facts the ACD reports. Against real
// Postgres and PGlite.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { AcdError } from '../../../server/acd/acd-errors.js';
import { describeEachDatabase } from '../../db/test-databases.js';
import { seed, startAcd } from '../acd-fixture.js';

describeEachDatabase('ACD records', (get) => {
  it('writes every agent transition to agent_state_events, in order, with reasons', async () => {
    const f = await seed(get().db, 1, { wrap_up_seconds: 10 });
    const [a] = f.agentIds as [string];
    const r = await startAcd(f.repos);
    await r.acd.agentLogin(a);
    await r.acd.agentNotReady(a, 'break');
    await r.acd.agentReady(a);
    const call = await f.newCall();
    await r.acd.enqueue({ callId: call, queueId: f.queueId, callerNumber: '+15550100' });
    await r.acd.answered(call, a);
    await r.acd.agentNotReady(a, 'lunch');
    await r.acd.callerHungUp(call);
    await r.advance(10);
    await r.acd.agentLogout(a);
    const rows = (await f.repos.agentStates.search({ agentId: a, limit: 50 })).items.reverse();
    assert.deepEqual(rows.map((row) => [row.state, row.reason]), [
      ['available', null], ['away', 'break'], ['available', null], ['ringing', null], ['on-call', null],
      ['on-call', 'lunch'], ['wrap-up', 'lunch'], ['away', 'lunch'], ['offline', null],
    ]);
    assert.deepEqual((await f.repos.agentStates.latest()).find((row) => row.agent_id === a)?.state, 'offline');
    await r.acd.close();
  });

  it('writes the queue log to call_events and reports the queue facts, leaving the call record to the call', async () => {
    const f = await seed(get().db, 2, { ring_timeout_seconds: 15 });
    const [a, b] = f.agentIds as [string, string];
    const r = await startAcd(f.repos);
    await r.acd.agentLogin(a);
    await r.advance(1);
    await r.acd.agentLogin(b);
    const call = await f.newCall();
    await r.acd.enqueue({ callId: call, queueId: f.queueId, callerNumber: '+15550100' });
    await r.advance(15);
    await r.advance(2);
    await r.acd.answered(call, b);
    await r.advance(60);
    await r.acd.agentHungUp(call);
    const events = (await f.repos.callEvents.search({ callId: call, limit: 50 })).items.reverse();
    assert.deepEqual(events.map((e) => [e.event, e.agent_id, e.queue_id]), [
      ['entered', null, f.queueId], ['offered', a, f.queueId], ['no-answer', a, f.queueId],
      ['offered', b, f.queueId], ['answered', b, f.queueId], ['completed', b, f.queueId],
    ]);
    assert.deepEqual(events[2]?.data, { reason: 'ring-timeout' });
    assert.deepEqual(events[4]?.data, { waitSeconds: 17 });
    assert.deepEqual(events[5]?.data, { talkSeconds: 60, hungUpBy: 'agent' });
    const [entered, left] = r.facts;
    assert.deepEqual([entered?.kind, entered?.queueId, left?.kind, left?.kind === 'left' && left.outcome, left?.kind === 'left' && left.agentId], ['entered', f.queueId, 'left', 'answered', b]);
    assert.equal(Number(left?.at) - Number(entered?.at), 17_000);
    await r.flush();
    const record = await f.repos.calls.get(call);
    assert.deepEqual([record?.queue_id, record?.agent_id, Number(record?.queue_left_at) - Number(record?.queue_entered_at)], [f.queueId, b, 17_000], 'the facts as a call record writes them');
    const a1 = (await f.repos.agentStates.search({ agentId: a, limit: 10 })).items[0];
    assert.deepEqual([a1?.state, a1?.reason], ['away', 'ring-no-answer']);
    await r.acd.close();
  });

  it('records abandoned, max-wait overflow and queue-full overflow with their waits', async () => {
    const f = await seed(get().db, 1, { max_wait_seconds: 120, max_queue_length: 2, overflow_destination: { type: 'hangup' } });
    const r = await startAcd(f.repos);
    const [k1, k2, k3] = [await f.newCall(), await f.newCall(), await f.newCall()];
    for (const callId of [k1, k2, k3]) await r.acd.enqueue({ callId, queueId: f.queueId, callerNumber: '+15550100' });
    await r.advance(30);
    await r.acd.callerHungUp(k1);
    await r.advance(90);
    const byCall = async (callId: string) => (await f.repos.callEvents.search({ callId, limit: 10 })).items.reverse().map((e) => [e.event, e.data]);
    assert.deepEqual(await byCall(k1), [['entered', { position: 1, priority: 0, callerNumber: '+15550100' }], ['abandoned', { waitSeconds: 30, position: 1 }]]);
    assert.deepEqual(await byCall(k2), [['entered', { position: 2, priority: 0, callerNumber: '+15550100' }], ['overflowed', { reason: 'max-wait', destination: { type: 'hangup' }, waitSeconds: 120 }]]);
    assert.deepEqual(await byCall(k3), [['overflowed', { reason: 'queue-full', destination: { type: 'hangup' }, waiting: 2 }]]);
    const outcome = (callId: string) => r.facts.flatMap((x) => (x.kind === 'left' && x.callId === callId ? [[x.outcome, x.reason]] : []));
    assert.deepEqual([outcome(k1), outcome(k2), outcome(k3)], [[['abandoned', undefined]], [['overflow', 'max-wait']], [['overflow', 'queue-full']]]);
    assert.deepEqual(r.log, ['overflow ' + k2 + ' max-wait']);
    await r.acd.close();
  });

  it('refuses a call that has no call record and does not queue it', async () => {
    const f = await seed(get().db, 1);
    const r = await startAcd(f.repos);
    await assert.rejects(r.acd.enqueue({ callId: '00000000-0000-4000-8000-000000000000', queueId: f.queueId, callerNumber: '1' }), (e: unknown) => !(e instanceof AcdError));
    assert.equal(r.acd.snapshot().queues.find((q) => q.queueId === f.queueId)?.waiting.length, 0);
    await r.acd.close();
  });
});
