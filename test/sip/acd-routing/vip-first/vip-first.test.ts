// Priority on the whole center (issue 16): three callers wait in the sales queue while its
// only agent is not ready; the third, a contact marked VIP, enters last and goes to the front
// of the line (the queue's vip_priority). The agent goes ready: the VIP is offered and answered
// first, the others after, in arrival order; the call events say so and why (priority parts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter, eventually } from '../../../e2e/helpers/center.js';
import { NodePhone } from '../../../e2e/helpers/node-phone.js';
import { DEMO_NUMBER, readyAgent, reposOf, routeDemoNumber } from '../../calls/helpers/call-rig.js';

const FIRST = '+15550009001';
const SECOND = '+15550009002';
const VIP = '+15550009003';

test('a VIP caller entering last is answered first', { timeout: 90_000 }, async (t) => {
  const c = await startCenter(t);
  const repos = reposOf(c);
  const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(sales);
  await routeDemoNumber(repos, { type: 'queue', id: sales.id });
  await repos.contacts.create({ phone_number: VIP, name: 'Very Important Caller', vip: true });

  const { phone: agent, id: agentId } = await readyAgent(c, 'agent1');
  await c.sb.acd.agentNotReady(agentId, 'break');
  const phones = await Promise.all([FIRST, SECOND, VIP].map((n) => NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, n)));
  t.after(() => { agent.close(); for (const p of phones) p.close(); });

  // They enter one after the other; each is waiting before the next calls.
  const callIdOf = (from: string) => eventually(async () => (await repos.calls.search({ limit: 10, number: from })).items[0]?.id, 5000, `the call of ${from}`);
  const ids: string[] = [];
  const calls = [];
  for (const [i, phone] of phones.entries()) {
    calls.push(await phone.call(DEMO_NUMBER));
    const id = await callIdOf([FIRST, SECOND, VIP][i] ?? '');
    await eventually(async () => (c.sb.acd.position(id) !== undefined ? true : undefined), 5000, `caller ${i + 1} waiting`);
    ids.push(id);
  }
  const [first, second, vip] = ids as [string, string, string];
  assert.deepEqual([vip, first, second].map((id) => c.sb.acd.position(id)), [1, 2, 3], 'the VIP jumped the line');

  // The agent goes ready: the VIP's call rings them and is answered.
  let answered = agent.answerNext(200);
  await c.sb.acd.agentReady(agentId);
  await answered;
  const eventsOf = async (id: string) => (await repos.callEvents.search({ callId: id, limit: 50 })).items.reverse();
  await eventually(async () => ((await eventsOf(vip)).some((e) => e.event === 'answered') ? true : undefined), 10_000, "the VIP's call answered");
  const vipEvents = await eventsOf(vip);
  assert.deepEqual(vipEvents.filter((e) => e.event === 'offered' || e.event === 'answered').map((e) => [e.event, e.agent_id]), [['offered', agentId], ['answered', agentId]]);
  const entered = vipEvents.find((e) => e.event === 'entered');
  assert.deepEqual([entered?.data.position, entered?.data.priority, entered?.data.priorityParts], [1, sales.vip_priority, { rule: 0, number: 0, choice: 0, vip: sales.vip_priority }]);
  for (const id of [first, second]) assert.ok(!(await eventsOf(id)).some((e) => e.event === 'offered'), 'no one else was offered before the VIP');
  // Bridged: the record has the answer (written after the media bridge).
  const vipRecord = await eventually(async () => { const row = await repos.calls.get(vip); return row?.answered_at ? row : undefined; }, 10_000, "the VIP's call bridged");
  assert.deepEqual([vipRecord.status, vipRecord.agent_id], ['connected', agentId]);

  // The VIP hangs up; after wrap-up the agent gets the earliest of the others.
  answered = agent.answerNext(200);
  await calls[2]?.hangup();
  const next = await answered;
  await eventually(async () => ((await eventsOf(first)).some((e) => e.event === 'answered' && e.agent_id === agentId) ? true : undefined), 10_000, 'the first caller answered next');
  assert.ok(!(await eventsOf(second)).some((e) => e.event === 'offered'), 'the second caller still waits');
  assert.equal(c.sb.acd.position(second), 1);
  await eventually(async () => ((await repos.calls.get(first))?.answered_at ? true : undefined), 10_000, "the first caller's call bridged");
  for (const call of [next, calls[0], calls[1]]) await call?.hangup().catch(() => undefined);
  await eventually(async () => (c.sb.callCenter.calls.size === 0 ? true : undefined), 10_000, 'every call ended');
});
