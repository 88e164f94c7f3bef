// test-file-timeout: 60 s
// Queue reports per interval (docs/wallboard.md's figures): events of two days and two hours
// give one row per queue and interval that had events, in the time zone's wall clock; CSV
// has the same numbers; bad periods are refused; supervisors see only their queues.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachApi } from '../api-harness.js';

describeEachApi('queue reports', (get) => {
  it('per day and per hour in a time zone, JSON and CSV, scoped by role', async () => {
    const { request, database, userWithRole } = get();
    const db = database.db;
    const q = await request('POST', '/queues', { body: { name: 'reports-sales', strategy: 'ring-all', service_level_seconds: 20 } });
    const queueId = String(q.body.id);
    // New York wall clock: 2026-11-23 09:10 and 09:40, 10:05, and 2026-11-24 14:00 (EST, UTC-5).
    const events: [string, Record<string, number>, string][][] = [
      [['entered', {}, '2026-11-23T14:10:00Z'], ['answered', { waitSeconds: 10 }, '2026-11-23T14:10:10Z'], ['completed', { talkSeconds: 100 }, '2026-11-23T14:12:00Z']],
      [['entered', {}, '2026-11-23T14:40:00Z'], ['answered', { waitSeconds: 30 }, '2026-11-23T14:40:30Z'], ['transferred', { talkSeconds: 50 }, '2026-11-23T14:45:00Z']],
      [['entered', {}, '2026-11-23T15:05:00Z'], ['abandoned', { waitSeconds: 40 }, '2026-11-23T15:05:40Z']],
      [['entered', {}, '2026-11-24T19:00:00Z'], ['answered', { waitSeconds: 5 }, '2026-11-24T19:00:05Z'], ['completed', { talkSeconds: 60 }, '2026-11-24T19:01:00Z']],
    ];
    for (const [i, list] of events.entries()) {
      const call = await db.insertInto('calls').values({ direction: 'inbound', from_number: `+1555100${i}`, to_number: '+15550100', started_at: new Date(list[0]?.[2] ?? ''), queue_id: queueId }).returning('id').executeTakeFirstOrThrow();
      for (const [event, data, at] of list) await db.insertInto('call_events').values({ call_id: call.id, event: event as 'entered', queue_id: queueId, agent_id: null, data, at: new Date(at) }).execute();
    }
    const period = 'since=2026-11-23T00:00:00Z&until=2026-11-26T00:00:00Z&time_zone=America/New_York';
    const daily = await request('GET', `/reports/queues?${period}&queue_id=${queueId}`);
    assert.equal(daily.status, 200, daily.text);
    const days = daily.body.items as unknown as Record<string, unknown>[];
    assert.deepEqual(days.map((d) => [d.interval_start, d.offered, d.answered, d.answered_within_target, d.abandoned, d.transferred, d.service_level, d.asa_seconds, d.aht_seconds]), [
      ['2026-11-23T05:00:00.000Z', 3, 2, 1, 1, 1, 1 / 3, 20, 75],
      ['2026-11-24T05:00:00.000Z', 1, 1, 1, 0, 0, 1, 5, 60],
    ], 'New York days start at 05:00 UTC in November');
    const hourly = (await request('GET', `/reports/queues?${period}&queue_id=${queueId}&interval=hour`)).body.items as unknown as Record<string, unknown>[];
    assert.deepEqual(hourly.map((h) => [h.interval_start, h.offered]), [['2026-11-23T14:00:00.000Z', 2], ['2026-11-23T15:00:00.000Z', 1], ['2026-11-24T19:00:00.000Z', 1]]);
    const quarter = (await request('GET', `/reports/queues?${period}&queue_id=${queueId}&interval=15m`)).body.items as unknown as Record<string, unknown>[];
    assert.deepEqual(quarter.slice(0, 2).map((h) => h.interval_start), ['2026-11-23T14:00:00.000Z', '2026-11-23T14:30:00.000Z']);
    const csv = await request('GET', `/reports/queues?${period}&queue_id=${queueId}&format=csv`);
    assert.equal(csv.headers.get('content-type')?.split(';')[0], 'text/csv');
    const lines = csv.text.trim().split('\n');
    assert.equal(lines[0], 'queue,interval_start,offered,answered,answered_within_target,abandoned,short_abandoned,overflowed,transferred,service_level,abandon_rate,asa_seconds,aht_seconds');
    assert.match(lines[1] ?? '', /^reports-sales,2026-11-23T05:00:00.000Z,3,2,1,1,0,0,1,0.333/);

    assert.equal((await request('GET', `/reports/queues?since=2026-11-25T00:00:00Z&until=2026-11-23T00:00:00Z`)).body.details?.[0]?.path, 'query.until');
    assert.match((await request('GET', `/reports/queues?since=2026-01-01T00:00:00Z&until=2026-11-23T00:00:00Z&interval=15m`)).body.details?.[0]?.message ?? '', /at most 31 days/);
    const sup = await userWithRole('supervisor', 'reports-sup');
    const none = await request('GET', `/reports/queues?${period}`, { token: sup.token });
    assert.deepEqual(none.body.items, [], 'a supervisor of no queue sees nothing');
    const agent = await userWithRole('agent', 'reports-agent');
    assert.equal((await request('GET', `/reports/queues?${period}`, { token: agent.token })).status, 403);
  });
});
