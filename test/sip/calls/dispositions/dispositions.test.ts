// Dispositions say what happened: a caller moved out of a queue by its max wait with nowhere
// to go is `overflow`, a flow that hangs up outside opening hours is `closed`, a destination
// that cannot be served (a queue the flow names that does not exist, an extension nobody has)
// is `no-agent`, as is a caller of a queue that takes none while no agent of it is logged in
// (when_no_agents: overflow); a flow that hangs up by design is `ivr-ended` — none `failed`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter } from '../../../e2e/helpers/center.js';
import { NodePhone } from '../../../e2e/helpers/node-phone.js';
import { completedCall, demoFlow, DEMO_NUMBER, reposOf, routeDemoNumber } from '../helpers/call-rig.js';

test('overflow, closed, no-agent and ivr-ended are recorded as such', { timeout: 90_000 }, async (t) => {
  const c = await startCenter(t);
  const repos = reposOf(c);
  const phone = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550004444');
  t.after(() => phone.close());
  const callAndWait = async (): Promise<string> => {
    const call = await phone.call(DEMO_NUMBER);
    phone.rtp.start(440);
    await call.ended;
    return call.callId;
  };

  // overflow: nobody logged in, a 2 s max wait, no overflow destination.
  const queue = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(queue);
  await repos.queues.update(queue.id, { max_wait_seconds: 2 });
  await c.sb.acd.reload();
  await routeDemoNumber(repos, { type: 'queue', id: queue.id });
  await callAndWait();
  const overflow = await completedCall(repos);
  assert.deepEqual([overflow.disposition, overflow.hangup_side, overflow.queue_id], ['overflow', 'system', queue.id]);
  assert.ok(overflow.queue_entered_at && overflow.queue_left_at, 'the queue facts reached the record');
  assert.ok(Number(overflow.queue_left_at) - Number(overflow.queue_entered_at) >= 1900, 'left after the max wait');

  // closed: a schedule with no opening hours.
  const schedule = await repos.schedules.create({ name: 'never-open', time_zone: 'UTC' });
  await demoFlow(repos, {
    start: 'hours',
    nodes: {
      hours: { verb: 'hours', schedule_id: schedule.id, on_open: 'sales', on_closed: 'bye' },
      sales: { verb: 'queue', queue: 'sales' },
      bye: { verb: 'hangup', reason: 'closed' },
    },
  });
  await callAndWait();
  const closed = await completedCall(repos, (r) => r.id !== overflow.id);
  assert.deepEqual([closed.disposition, closed.hangup_cause], ['closed', 'IVR hung up: closed']);

  // no-agent: the flow names a queue that does not exist.
  await demoFlow(repos, { start: 'q', nodes: { q: { verb: 'queue', queue: 'no-such-queue' } } });
  await callAndWait();
  const noQueue = await completedCall(repos, (r) => ![overflow.id, closed.id].includes(r.id));
  assert.deepEqual([noQueue.disposition, noQueue.hangup_cause], ['no-agent', 'IVR chose unknown queue no-such-queue']);

  // no-agent: an extension nobody has.
  await routeDemoNumber(repos, { type: 'extension', extension: '4999' });
  await callAndWait();
  const noExtension = await completedCall(repos, (r) => ![overflow.id, closed.id, noQueue.id].includes(r.id));
  assert.equal(noExtension.disposition, 'no-agent');

  // ivr-ended: a flow that says goodbye.
  await demoFlow(repos, { start: 'bye', nodes: { bye: { verb: 'hangup', reason: 'information line' } } });
  await callAndWait();
  const ended = await completedCall(repos, (r) => ![overflow.id, closed.id, noQueue.id, noExtension.id].includes(r.id));
  assert.equal(ended.disposition, 'ivr-ended');

  // no-agent: a queue that takes no caller while none of its agents is logged in.
  await repos.queues.update(queue.id, { max_wait_seconds: null, when_no_agents: 'overflow' });
  await c.sb.acd.reload();
  await routeDemoNumber(repos, { type: 'queue', id: queue.id });
  const tEmpty = Date.now();
  await callAndWait();
  const empty = await completedCall(repos, (r) => ![overflow.id, closed.id, noQueue.id, noExtension.id, ended.id].includes(r.id));
  assert.deepEqual([empty.disposition, empty.hangup_cause], ['no-agent', 'no agent of the queue is logged in']);
  assert.ok(Date.now() - tEmpty < 5000, 'turned away at once, not after a wait');

  const byDisposition = await repos.calls.search({ limit: 10, disposition: 'failed' });
  assert.deepEqual(byDisposition.items, [], 'none of them is failed');
});
