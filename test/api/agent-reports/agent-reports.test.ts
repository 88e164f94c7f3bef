// test-file-timeout: 60 s
// Agent reports per interval (docs/wallboard.md's agent figures): state rows, queue events and
// wrap-up codes as the ACD and the desk write them give, per agent and interval, the seconds in
// each state (cut at the edges, the state an agent is still in counted to the period's end),
// calls, AHT, occupancy and dispositions — the expected figures are computed here from those
// rows. CSV has the same numbers; supervisors see their queues' members only. History recorded
// before migration 0031 is summed in by it to the same figures.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentState } from '../../../server/db/database.types.js';
import { migrations } from '../../../migrations/index.js';
import { describeEachApi } from '../api-harness.js';

type StateRow = [string, AgentState, string | null];
const ms = (iso: string) => new Date(iso).getTime();

/** Seconds per state column (and not-ready per reason) the rows put in [from, to); the last state lasts until `end`. */
function expected(rows: StateRow[], end: string, from: number, to: number) {
  const out = { ringing_seconds: 0, available_seconds: 0, talk_seconds: 0, wrap_up_seconds: 0, not_ready_seconds: 0 };
  const column: Partial<Record<AgentState, keyof typeof out>> = { ringing: 'ringing_seconds', available: 'available_seconds', 'on-call': 'talk_seconds', 'wrap-up': 'wrap_up_seconds', away: 'not_ready_seconds' };
  const reasons: Record<string, number> = {};
  rows.forEach(([at, state, reason], i) => {
    const overlap = Math.max(0, Math.min(ms(rows[i + 1]?.[0] ?? end), to) - Math.max(ms(at), from)) / 1000;
    const c = column[state];
    if (!c || overlap === 0) return;
    out[c] += overlap;
    if (state === 'away') reasons[reason ?? 'unknown'] = (reasons[reason ?? 'unknown'] ?? 0) + overlap;
  });
  return { ...out, logged_in_seconds: Object.values(out).reduce((a, b) => a + b, 0), not_ready_by_reason: reasons };
}

describeEachApi('agent reports', (get) => {
  it('per day, quarter hour and hour in a time zone, JSON and CSV, scoped by role', async () => {
    const { request, database, userWithRole } = get();
    const db = database.db;
    const q = await request('POST', '/queues', { body: { name: 'agent-reports-sales', strategy: 'ring-all', wrap_up_codes: ['sale', 'no-sale'] } });
    const queueId = String(q.body.id);
    const newAgent = async (name: string, extension: string) => String((await request('POST', '/agents', { body: { name, extension, sip_username: name, sip_password: 'agent-sip-password' } })).body.id);
    const ana = await newAgent('ana-reports', '3101');
    const ben = await newAgent('ben-reports', '3102');
    assert.equal((await request('POST', `/queues/${queueId}/members`, { body: { agent_id: ana } })).status, 201);

    // Ana: two calls, lunch and training, logs out at 11:00. Ben: available from 09:00 and still is.
    const anaRows: StateRow[] = [
      ['2026-11-23T09:00:00Z', 'available', null], ['2026-11-23T09:10:00Z', 'ringing', null], ['2026-11-23T09:10:10Z', 'on-call', null],
      ['2026-11-23T09:14:10Z', 'wrap-up', null], ['2026-11-23T09:15:40Z', 'available', null], ['2026-11-23T10:00:00Z', 'away', 'lunch'],
      ['2026-11-23T10:30:00Z', 'available', null], ['2026-11-23T10:31:00Z', 'ringing', null], ['2026-11-23T10:31:05Z', 'on-call', null],
      ['2026-11-23T10:33:05Z', 'wrap-up', null], ['2026-11-23T10:34:05Z', 'available', null], ['2026-11-23T10:40:00Z', 'away', 'training'],
      ['2026-11-23T11:00:00Z', 'offline', null],
    ];
    const benRows: StateRow[] = [['2026-11-23T09:00:00Z', 'available', null]];
    for (const [agentId, rows] of [[ana, anaRows], [ben, benRows]] as const) {
      for (const [at, state, reason] of rows) await db.insertInto('agent_state_events').values({ agent_id: agentId, state, reason, at: new Date(at) }).execute();
    }
    // Ana's calls: answered, then finished (talk 240 s) or transferred (120 s); codes given at wrap-up, the second changed.
    const calls: [string, string, 'completed' | 'transferred', number, string][] = [
      ['2026-11-23T09:09:50Z', '2026-11-23T09:10:10Z', 'completed', 240, 'sale'],
      ['2026-11-23T10:30:50Z', '2026-11-23T10:31:05Z', 'transferred', 120, 'no-sale'],
    ];
    const callIds: string[] = [];
    for (const [started, answered, end, talk, code] of calls) {
      const call = await db.insertInto('calls').values({ direction: 'inbound', from_number: '+15551000', to_number: '+15550100', started_at: new Date(started), queue_id: queueId, agent_id: ana }).returning('id').executeTakeFirstOrThrow();
      callIds.push(call.id);
      await db.insertInto('call_events').values({ call_id: call.id, event: 'answered', queue_id: queueId, agent_id: ana, data: { waitSeconds: 20 }, at: new Date(answered) }).execute();
      await db.insertInto('call_events').values({ call_id: call.id, event: end, queue_id: queueId, agent_id: ana, data: { talkSeconds: talk }, at: new Date(ms(answered) + talk * 1000) }).execute();
      assert.equal((await request('POST', `/calls/${call.id}/wrap-up`, { body: { code } })).status, 200);
    }
    assert.equal((await request('POST', `/calls/${callIds[1]}/wrap-up`, { body: { code: 'sale' } })).status, 200);

    const since = '2026-11-23T00:00:00Z';
    const until = '2026-11-24T00:00:00Z';
    const daily = await request('GET', `/reports/agents?since=${since}&until=${until}`);
    assert.equal(daily.status, 200, daily.text);
    const days = daily.body.items as unknown as Record<string, unknown>[];
    const anaDay = days.find((d) => d.agent_id === ana);
    const benDay = days.find((d) => d.agent_id === ben);
    const anaSeconds = expected(anaRows, until, ms(since), ms(until));
    assert.equal(anaSeconds.logged_in_seconds, 7200, 'the test rows span 09:00–11:00');
    const talk = anaSeconds.talk_seconds;
    const wrap = anaSeconds.wrap_up_seconds;
    assert.deepEqual(anaDay, {
      agent_id: ana, agent: 'ana-reports', interval_start: '2026-11-23T00:00:00.000Z', answered: 2, handled: 2, transferred: 1,
      ...anaSeconds, dispositions: { sale: 2 },
      aht_seconds: (240 + 120 + wrap) / 2, occupancy: (talk + wrap) / (talk + wrap + anaSeconds.available_seconds),
    });
    assert.deepEqual(benDay && { available: benDay.available_seconds, logged_in: benDay.logged_in_seconds, occupancy: benDay.occupancy, aht: benDay.aht_seconds },
      { available: 15 * 3600, logged_in: 15 * 3600, occupancy: 0, aht: null }, 'the state Ben is still in counts up to the period\'s end');

    const quarters = (await request('GET', `/reports/agents?since=${since}&until=${until}&interval=15m&agent_id=${ana}`)).body.items as unknown as Record<string, unknown>[];
    assert.deepEqual(quarters.map((r) => String(r.interval_start).slice(11, 16)), ['09:00', '09:15', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45']);
    for (const r of quarters) {
      const from = ms(String(r.interval_start));
      const { not_ready_by_reason: reasons, ...secs } = expected(anaRows, until, from, from + 900_000);
      assert.deepEqual({ ...Object.fromEntries(Object.keys(secs).map((k) => [k, r[k]])), reasons: r.not_ready_by_reason }, { ...secs, reasons }, `quarter ${String(r.interval_start)}`);
    }
    assert.deepEqual(quarters.map((r) => [r.answered, r.handled, r.dispositions]), [[1, 1, { sale: 1 }], [0, 0, {}], [0, 0, {}], [0, 0, {}], [0, 0, {}], [0, 0, {}], [1, 1, { sale: 1 }], [0, 0, {}]]);
    // New York hours (UTC-5): Ana's 09:00–11:00 UTC are 04:00–06:00 there, whole hours still.
    const hours = (await request('GET', `/reports/agents?since=${since}&until=${until}&interval=hour&time_zone=America/New_York&agent_id=${ana}`)).body.items as unknown as Record<string, unknown>[];
    assert.deepEqual(hours.map((h) => [h.interval_start, h.logged_in_seconds]), [['2026-11-23T09:00:00.000Z', 3600], ['2026-11-23T10:00:00.000Z', 3600]]);

    const csv = await request('GET', `/reports/agents?since=${since}&until=${until}&agent_id=${ana}&format=csv`);
    assert.equal(csv.headers.get('content-type')?.split(';')[0], 'text/csv');
    const [header, line] = csv.text.trim().split('\n');
    assert.equal(header, 'agent,interval_start,answered,handled,transferred,talk_seconds,wrap_up_seconds,aht_seconds,ringing_seconds,available_seconds,not_ready_seconds,logged_in_seconds,occupancy,not_ready:lunch,not_ready:training,disposition:sale');
    assert.deepEqual(line?.split(','), ['ana-reports', '2026-11-23T00:00:00.000Z', '2', '2', '1', String(talk), String(wrap), String(anaDay?.aht_seconds), String(anaSeconds.ringing_seconds),
      String(anaSeconds.available_seconds), String(anaSeconds.not_ready_seconds), '7200', String(anaDay?.occupancy), '1800', '1200', '2']);

    const byQueue = (await request('GET', `/reports/agents?since=${since}&until=${until}&queue_id=${queueId}`)).body.items as unknown as Record<string, unknown>[];
    assert.deepEqual(byQueue.map((r) => r.agent), ['ana-reports'], 'queue_id: the queue\'s members');
    assert.equal((await request('GET', `/reports/agents?since=${since}&until=${until}&agent_id=nope`)).body.details?.[0]?.path, 'query.agent_id');
    assert.match((await request('GET', `/reports/agents?since=2026-01-01T00:00:00Z&until=2026-11-23T00:00:00Z&interval=15m`)).body.details?.[0]?.message ?? '', /at most 31 days/);

    const sup = await userWithRole('supervisor', 'agent-reports-sup');
    const period = `since=${since}&until=${until}`;
    assert.deepEqual((await request('GET', `/reports/agents?${period}`, { token: sup.token })).body.items, [], 'a supervisor of no queue sees no agent');
    await request('PATCH', `/queues/${queueId}`, { body: { supervisor_ids: [sup.userId] } });
    const seen = (await request('GET', `/reports/agents?${period}`, { token: sup.token })).body.items as unknown as Record<string, unknown>[];
    assert.deepEqual(seen.map((r) => r.agent), ['ana-reports'], 'a supervisor sees the members of their queues');
    assert.deepEqual((await request('GET', `/reports/agents?${period}&agent_id=${ben}`, { token: sup.token })).body.items, [], 'and not another agent by id');
    const agent = await userWithRole('agent', 'agent-reports-agent');
    assert.equal((await request('GET', `/reports/agents?${period}`, { token: agent.token })).status, 403);

    // The migration's own summing of what was recorded before it gives the same report.
    const migration = migrations['0031-agent-intervals'];
    assert.ok(migration);
    await migration.down?.(db);
    await migration.up(db);
    assert.deepEqual((await request('GET', `/reports/agents?since=${since}&until=${until}`)).body.items, daily.body.items);
    assert.deepEqual((await request('GET', `/reports/agents?since=${since}&until=${until}&interval=15m&agent_id=${ana}`)).body.items, quarters);
  });
});
