// test-file-timeout: 2 min
// Issue 15, recordings search: GET /api/recordings filters by the call's time, queue, agent,
// number (a part of the caller's or the called number) and disposition, newest call first in
// keyset pages; each item says whose voice each channel is and when recording was paused.
// Access follows the call (agents their own, supervisors their queues, admins all), and each
// download of a file is an audit entry naming who, which recording and from which address.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeEachApi, type ApiBody, type ApiHarness } from '../api-harness.js';

interface World { agentA: { token: string; agentId?: string }; agentB: { token: string; agentId?: string }; sup: { token: string }; queueA: string; queueB: string; recordingIds: string[] }

const day = Date.parse('2026-05-04T00:00:00Z');

/** Six recorded calls an hour apart: even ones agent A in queue A, odd ones agent B in queue B. */
async function seed(h: ApiHarness): Promise<World> {
  const { repos } = h;
  const agentA = await h.userWithRole('agent', 'rec-agent-a');
  const agentB = await h.userWithRole('agent', 'rec-agent-b');
  const sup = await h.userWithRole('supervisor', 'rec-sup');
  const queueA = (await repos.queues.create({ name: 'rec-qa', strategy: 'ring-all', supervisor_ids: [sup.userId] })).id;
  const queueB = (await repos.queues.create({ name: 'rec-qb', strategy: 'ring-all' })).id;
  mkdirSync(join(h.mediaDir, 'recordings'), { recursive: true });
  const recordingIds: string[] = [];
  for (let i = 0; i < 6; i++) {
    const ofA = i % 2 === 0;
    const started = new Date(day + i * 3600_000);
    const call = await repos.calls.create({
      direction: i === 5 ? 'outbound' : i === 1 ? 'internal' : 'inbound', from_number: `+1555777010${i}`, to_number: '+14155550100',
      started_at: started, answered_at: new Date(started.getTime() + 4000), queue_id: ofA ? queueA : queueB, agent_id: ofA ? agentA.agentId! : agentB.agentId!,
    });
    await repos.calls.end(call.id, { ended_at: new Date(started.getTime() + 90_000), disposition: i === 3 ? 'callback' : 'answered', hangup_side: 'caller', hangup_cause: 'normal' });
    writeFileSync(join(h.mediaDir, 'recordings', `rec-${i}.wav`), `RIFF-recording-${i}`);
    const spans = i === 0 ? [{ from_seconds: 12.5, to_seconds: 30 }] : [];
    recordingIds.push((await repos.recordings.add({ call_id: call.id, file: `rec-${i}.wav`, duration_seconds: 86, channels: 2, paused_spans: spans })).id);
  }
  return { agentA, agentB, sup, queueA, queueB, recordingIds };
}

describeEachApi('recordings search', (get) => {
  let w: World;
  before(async () => { w = await seed(get()); });
  const ids = async (query: string, token?: string): Promise<string[]> => {
    const reply = await get().request('GET', `/recordings?${query}`, token === undefined ? {} : { token });
    assert.equal(reply.status, 200, reply.text);
    return (reply.body.items ?? []).map((r) => String(r.id));
  };
  /** Recording i of the seed. */
  const r = (...i: number[]) => i.map((n) => w.recordingIds[n]);

  it('filters by the call and sorts newest call first', async () => {
    assert.deepEqual(await ids(''), r(5, 4, 3, 2, 1, 0));
    assert.deepEqual(await ids('since=2026-05-04T01:00:00Z&until=2026-05-04T03:00:00Z'), r(2, 1));
    assert.deepEqual(await ids(`queue_id=${w.queueA}`), r(4, 2, 0));
    assert.deepEqual(await ids(`agent_id=${w.agentB.agentId}`), r(5, 3, 1));
    assert.deepEqual(await ids('number=7770103'), r(3), 'a part of the caller\'s number');
    assert.deepEqual(await ids('number=%2B1415555'), r(5, 4, 3, 2, 1, 0), 'a part of the called number');
    assert.deepEqual(await ids('disposition=callback'), r(3));
    assert.deepEqual(await ids(`agent_id=${w.agentA.agentId}&number=0104`), r(4), 'filters combine');
  });

  it('pages by keyset: the next of one page starts the following one', async () => {
    const { request } = get();
    const first = await request('GET', '/recordings?limit=4');
    assert.deepEqual(first.body.items?.map((x) => x.id), r(5, 4, 3, 2));
    assert.equal(first.body.next, w.recordingIds[2]);
    const second = await request('GET', `/recordings?limit=4&after=${String(first.body.next)}`);
    assert.deepEqual(second.body.items?.map((x) => x.id), r(1, 0));
    assert.equal(second.body.next, null);
  });

  it('gives the player its duration, channels by party and paused spans', async () => {
    const { request } = get();
    const items = (await request('GET', '/recordings')).body.items ?? [];
    const of = (i: number): ApiBody => items.find((x) => x.id === w.recordingIds[i]) ?? assert.fail(`recording ${i}`);
    assert.equal(of(0).duration_seconds, 86);
    assert.equal(of(0).channels, 2);
    assert.deepEqual(of(0).channel_parties, ['caller', 'agent']);
    assert.deepEqual(of(5).channel_parties, ['agent', 'called'], 'an agent\'s outbound call has the agent on channel 1');
    assert.deepEqual(of(1).channel_parties, ['caller', 'called'], 'an internal call is between two extensions');
    assert.deepEqual(of(0).paused_spans, [{ from_seconds: 12.5, to_seconds: 30 }]);
    assert.deepEqual(of(1).paused_spans, []);
    assert.equal(of(3).disposition, 'callback');
    assert.equal(of(3).from_number, '+15557770103');
    assert.equal(of(3).queue_id, w.queueB);
    assert.equal(of(3).agent_id, w.agentB.agentId);
  });

  it('follows the call: agents their own, supervisors their queues', async () => {
    assert.deepEqual(await ids('', w.agentA.token), r(4, 2, 0));
    assert.deepEqual(await ids('', w.sup.token), r(4, 2, 0));
    const { request } = get();
    assert.equal((await request('GET', `/recordings?agent_id=${w.agentB.agentId}`, { token: w.agentA.token })).status, 403);
    assert.equal((await request('GET', `/recordings?queue_id=${w.queueB}`, { token: w.sup.token })).status, 403);
    assert.equal((await request('GET', '/recordings', { token: null })).status, 401);
  });

  it('refuses bad filters with a 400 naming the field', async () => {
    const { request } = get();
    const refusal = async (query: string, field: string) => {
      const reply = await request('GET', `/recordings?${query}`);
      assert.equal(reply.status, 400, query);
      assert.ok(reply.body.details?.some((d) => d.path === field), `${query}: ${reply.text}`);
    };
    await refusal('number=12%25', 'query.number');
    await refusal('disposition=lost', 'query.disposition');
    await refusal('queue_id=sales', 'query.queue_id');
    await refusal('since=2026-05-04T03:00:00Z&until=2026-05-04T01:00:00Z', 'query.until');
    await refusal('limit=0', 'query.limit');
  });

  it('audits each download: who, which recording, from which address', async () => {
    const { request } = get();
    const id = w.recordingIds[2] ?? assert.fail('recording 2');
    assert.equal((await request('GET', `/recordings/${id}/file`, { token: w.agentB.token })).status, 403);
    const file = await request('GET', `/recordings/${id}/file`, { token: w.sup.token });
    assert.equal(file.status, 200);
    assert.equal(file.text, 'RIFF-recording-2');
    const entries = (await request('GET', `/audit?resource=recording&resource_id=${id}`)).body.items ?? [];
    assert.equal(entries.length, 1, 'the refused request downloaded nothing; the other is one entry');
    const [entry] = entries;
    assert.equal(entry?.action, 'download');
    assert.equal((entry?.actor as { username?: string } | null)?.username, 'rec-sup');
    assert.match(String(entry?.address), /127\.0\.0\.1/);
    assert.equal(entry?.route, 'GET /api/recordings/:id/file');
  });

  it('audits no download of a file that is not there', async () => {
    const { repos, request } = get();
    const lost = await repos.recordings.add({ call_id: (await repos.recordings.get(w.recordingIds[0] ?? ''))?.call_id ?? assert.fail('call'), file: 'gone.wav', duration_seconds: 3, channels: 2, paused_spans: [] });
    assert.equal((await request('GET', `/recordings/${lost.id}/file`)).status, 404);
    assert.deepEqual((await request('GET', `/audit?resource=recording&resource_id=${lost.id}`)).body.items, []);
  });
});
