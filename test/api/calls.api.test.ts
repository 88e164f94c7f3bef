// Call records through the API: search filters and pages, role scopes (agents their own,
// supervisors their queues), one call in detail, CSV export, queue log, agent states,
// recordings downloaded with auth.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeEachApi, type ApiHarness } from './api-harness.js';

interface World { agentA: { token: string; agentId?: string }; agentB: { token: string; agentId?: string }; sup: { token: string }; queueA: string; queueB: string; callOfA: string; recordingOfA: string }

async function seed(h: ApiHarness): Promise<World> {
  const { repos } = h;
  const agentA = await h.userWithRole('agent', 'calls-agent-a');
  const agentB = await h.userWithRole('agent', 'calls-agent-b');
  const sup = await h.userWithRole('supervisor', 'calls-sup');
  const queueA = (await repos.queues.create({ name: 'qa', strategy: 'ring-all', supervisor_ids: [sup.userId] })).id;
  const queueB = (await repos.queues.create({ name: 'qb', strategy: 'ring-all' })).id;
  const day = Date.parse('2026-03-02T00:00:00Z');
  let callOfA = '';
  for (let i = 0; i < 12; i++) {
    const ofA = i % 2 === 0;
    const started = new Date(day + i * 3600_000);
    const call = await repos.calls.create({
      direction: i % 3 === 0 ? 'outbound' : 'inbound', from_number: i < 4 ? '+15551230000' : `+1555999000${i}`, to_number: '+14155550100',
      started_at: started, answered_at: new Date(started.getTime() + 5000), queue_id: ofA ? queueA : queueB, agent_id: ofA ? agentA.agentId! : agentB.agentId!,
    });
    await repos.calls.end(call.id, { ended_at: new Date(started.getTime() + (i + 1) * 60_000), disposition: i === 11 ? 'abandoned' : 'answered', hangup_side: 'caller', hangup_cause: 'normal' });
    if (i === 0) callOfA = call.id;
  }
  await repos.callEvents.add({ call_id: callOfA, event: 'entered', queue_id: queueA, at: new Date(day) });
  await repos.callEvents.add({ call_id: callOfA, event: 'answered', queue_id: queueA, agent_id: agentA.agentId!, at: new Date(day + 5000) });
  await repos.agentStates.append({ agent_id: agentA.agentId!, state: 'available' });
  await repos.agentStates.append({ agent_id: agentB.agentId!, state: 'away', reason: 'break' });
  mkdirSync(join(h.mediaDir, 'recordings'), { recursive: true });
  writeFileSync(join(h.mediaDir, 'recordings', 'call-a.wav'), 'RIFF-recording-bytes');
  const recordingOfA = (await repos.recordings.add({ call_id: callOfA, file: 'call-a.wav', duration_seconds: 55, channels: 2, paused_spans: [{ from_seconds: 10, to_seconds: 20 }] })).id;
  return { agentA, agentB, sup, queueA, queueB, callOfA, recordingOfA };
}

describeEachApi('calls API', (get) => {
  let w: World;
  before(async () => { w = await seed(get()); });

  it('searches by date range, number, direction, queue, agent, disposition and duration', async () => {
    const { request } = get();
    const count = async (query: string) => {
      const reply = await request('GET', `/calls?${query}`);
      assert.equal(reply.status, 200, reply.text);
      return reply.body.items?.length;
    };
    assert.equal(await count(''), 12);
    assert.equal(await count('since=2026-03-02T03:00:00Z&until=2026-03-02T06:00:00Z'), 3);
    assert.equal(await count('number=%2B15551230000'), 4);
    assert.equal(await count('number=%2B14155550100'), 12);
    assert.equal(await count('direction=outbound'), 4);
    assert.equal(await count(`queue_id=${w.queueA}`), 6);
    assert.equal(await count(`agent_id=${w.agentB.agentId}`), 6);
    assert.equal(await count('disposition=abandoned'), 1);
    assert.equal(await count('status=completed'), 12);
    assert.equal(await count('status=connected'), 0);
    assert.equal(await count('min_duration=300&max_duration=420'), 3);
    const newest = await request('GET', '/calls?limit=1');
    assert.equal(newest.body.items?.[0]?.started_at, '2026-03-02T11:00:00.000Z');
  });

  it('pages by keyset without gaps or repeats', async () => {
    const { request } = get();
    const ids: string[] = [];
    let next: string | null | undefined = null;
    do {
      const page = await request('GET', `/calls?limit=5${next ? `&after=${next}` : ''}`);
      ids.push(...(page.body.items ?? []).map((c) => c.id!));
      next = page.body.next;
    } while (next);
    assert.equal(ids.length, 12);
    assert.equal(new Set(ids).size, 12);
  });

  it('refuses bad filters field by field', async () => {
    const { request } = get();
    const bad = await request('GET', '/calls?since=yesterday&direction=sideways&min_duration=-1&limit=0&queue_id=x&status=gone');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.details?.map((d) => d.path).sort(), ['query.direction', 'query.limit', 'query.min_duration', 'query.queue_id', 'query.since', 'query.status']);
    const range = await request('GET', '/calls?since=2026-03-03&until=2026-03-02');
    assert.deepEqual(range.body.details, [{ path: 'query.until', message: 'must be after since' }]);
    const twice = await request('GET', '/calls?direction=inbound&direction=outbound');
    assert.equal(twice.status, 400);
  });

  it('shows agents their own calls only', async () => {
    const { request } = get();
    const own = await request('GET', '/calls', { token: w.agentA.token });
    assert.equal(own.body.items?.length, 6);
    assert.ok(own.body.items?.every((c) => c.agent_id === w.agentA.agentId));
    const other = await request('GET', `/calls?agent_id=${w.agentB.agentId}`, { token: w.agentA.token });
    assert.equal(other.status, 403);
    const otherCall = (await request('GET', `/calls?agent_id=${w.agentB.agentId}&limit=1`)).body.items?.[0]?.id;
    assert.equal((await request('GET', `/calls/${otherCall}`, { token: w.agentA.token })).status, 403);
    assert.equal((await request('GET', `/calls/${w.callOfA}`, { token: w.agentA.token })).status, 200);
  });

  it('shows supervisors the calls of the queues they supervise', async () => {
    const { request } = get();
    const theirs = await request('GET', '/calls', { token: w.sup.token });
    assert.equal(theirs.body.items?.length, 6);
    assert.ok(theirs.body.items?.every((c) => c.queue_id === w.queueA));
    assert.equal((await request('GET', `/calls?queue_id=${w.queueB}`, { token: w.sup.token })).status, 403);
  });

  it('returns one call with legs, queue events and recordings', async () => {
    const { request } = get();
    const call = await request('GET', `/calls/${w.callOfA}`);
    assert.equal(call.status, 200);
    assert.equal(call.body.duration_seconds, 60);
    assert.deepEqual((call.body.events as { event: string }[]).map((e) => e.event), ['answered', 'entered']);
    assert.equal((call.body.recordings as { id: string }[])[0]?.id, w.recordingOfA);
    assert.equal((await request('GET', '/calls/7d6f5a9e-1111-4222-8333-444455556666')).status, 404);
  });

  it('exports the search as CSV, streamed, scoped like the search', async () => {
    const { request } = get();
    const csv = await request('GET', `/calls/export.csv?queue_id=${w.queueA}`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    assert.match(csv.headers.get('content-disposition') ?? '', /calls\.csv/);
    const lines = csv.text.trim().split('\n');
    assert.equal(lines[0]?.split(',')[0], 'id');
    assert.equal(lines.length, 7);
    assert.ok(lines.slice(1).every((l) => l.includes(w.queueA)));
    const agentCsv = await request('GET', '/calls/export.csv', { token: w.agentA.token });
    assert.equal(agentCsv.text.trim().split('\n').length, 7);
  });

  it('lists a contact\'s calls as its history, scoped like any search', async () => {
    const { request } = get();
    const contact = await request('POST', '/contacts', { body: { phone_number: '+15551230000', name: 'Frequent caller' } });
    const history = await request('GET', `/contacts/${contact.body.id}/calls`);
    assert.equal(history.body.items?.length, 4);
    const seenByA = await request('GET', `/contacts/${contact.body.id}/calls`, { token: w.agentA.token });
    assert.equal(seenByA.body.items?.length, 2);
  });

  it('searches the queue log and agent state history within scope', async () => {
    const { request } = get();
    const events = await request('GET', `/call-events?call_id=${w.callOfA}`);
    assert.deepEqual(events.body.items?.map((e) => e.event), ['answered', 'entered']);
    assert.equal((await request('GET', `/call-events?queue_id=${w.queueB}`, { token: w.sup.token })).status, 403);
    const states = await request('GET', '/agent-states');
    assert.equal(states.body.items?.length, 2);
    const own = await request('GET', '/agent-states', { token: w.agentA.token });
    assert.deepEqual(own.body.items?.map((s) => s.state), ['available']);
    assert.equal((await request('GET', `/agent-states?agent_id=${w.agentB.agentId}`, { token: w.agentA.token })).status, 403);
  });

  it('downloads recordings with auth, for those who may see the call', async () => {
    const { request } = get();
    const path = `/recordings/${w.recordingOfA}/file`;
    assert.equal((await request('GET', path, { token: null })).status, 401);
    assert.equal((await request('GET', path, { token: w.agentB.token })).status, 403);
    const file = await request('GET', path, { token: w.agentA.token });
    assert.equal(file.status, 200);
    assert.equal(file.text, 'RIFF-recording-bytes');
    const index = await request('GET', `/recordings?call_id=${w.callOfA}`, { token: w.sup.token });
    assert.equal(index.status, 200);
    const [recording] = (JSON.parse(index.text) as { items: { paused_spans: unknown }[] }).items;
    assert.deepEqual(recording?.paused_spans, [{ from_seconds: 10, to_seconds: 20 }]);
  });

  it('lists the calls in progress (status=connected) within scope: what Live calls shows', async () => {
    const { request, repos } = get();
    const live = await repos.calls.create({ direction: 'inbound', from_number: '+15557770000', to_number: '+14155550100', started_at: new Date(), queue_id: w.queueA, agent_id: w.agentA.agentId! });
    await repos.calls.update(live.id, { status: 'connected', answered_at: new Date() });
    try {
      const ids = async (token?: string) => (await request('GET', '/calls?status=connected', token ? { token } : {})).body.items?.map((c) => c.id);
      assert.deepEqual(await ids(), [live.id]);
      assert.deepEqual(await ids(w.sup.token), [live.id], 'a supervisor of its queue');
      assert.deepEqual(await ids(w.agentB.token), [], 'not another agent');
    } finally {
      await repos.calls.end(live.id, { disposition: 'answered', hangup_side: 'caller', hangup_cause: 'normal' });
    }
  });
});
