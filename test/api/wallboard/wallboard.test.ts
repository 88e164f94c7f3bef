// test-file-timeout: 2 min
// The wallboard's figures as docs/wallboard.md defines them, on the whole center: queue events
// written as the ACD writes them give the expected offered, answered within target, abandoned
// (short ones apart), overflowed, service level, abandon rate, ASA and AHT — each period only
// counting its own events; and live: two callers waiting in sales with nobody ready show as
// waiting 2 with a longest wait that grows. A supervisor sees only their queues; agents 403.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_PASSWORDS, eventually, REALM, startCenter } from '../../e2e/helpers/center.js';
import { NodePhone } from '../../e2e/helpers/node-phone.js';
import { callThroughIvr } from '../../e2e/helpers/ivr-caller.js';
import { apiRequest, login } from '../../e2e/helpers/api.js';

interface Figures { transferred: number; offered: number; answered: number; answered_within_target: number; abandoned: number; short_abandoned: number; overflowed: number; service_level: number | null; abandon_rate: number | null; asa_seconds: number | null; aht_seconds: number | null }
interface Wallboard { queues: ({ queue_id: string; name: string; waiting: number; longest_wait_seconds: number; today: Figures; last_15_min: Figures; last_30_min: Figures; last_60_min: Figures })[]; agents: { name: string; state: string; call_id: string | null; queue_id: string | null }[] }

test('wallboard: figures by their definitions, live waiting, scoped by role', { timeout: 120_000 }, async (t) => {
  const c = await startCenter(t);
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const db = c.sb.database.db;
  const queues = await apiRequest<{ items: { id: string; name: string }[] }>(c, admin, 'GET', '/queues');
  const support = queues.body.items.find((q) => q.name === 'support');
  assert.ok(support);
  assert.equal((await apiRequest(c, admin, 'PATCH', `/queues/${support.id}`, { service_level_seconds: 20 })).status, 200);

  // Seven calls of the support queue, as the ACD records them: (event, wait or talk seconds, minutes ago).
  const ago = (min: number) => new Date(Date.now() - min * 60_000);
  const history: [string, Record<string, number>, number][][] = [
    [['entered', {}, 5], ['answered', { waitSeconds: 10 }, 5], ['completed', { talkSeconds: 60 }, 4]],
    [['entered', {}, 6], ['answered', { waitSeconds: 25 }, 6], ['completed', { talkSeconds: 120 }, 4]],
    [['entered', {}, 7], ['abandoned', { waitSeconds: 2 }, 7]],
    [['entered', {}, 8], ['abandoned', { waitSeconds: 30 }, 8]],
    [['entered', {}, 9], ['overflowed', { waitSeconds: 60 }, 9]],
    [['entered', {}, 20], ['answered', { waitSeconds: 5 }, 20], ['completed', { talkSeconds: 30 }, 19]],
    [['entered', {}, 45], ['abandoned', { waitSeconds: 40 }, 45]],
  ];
  for (const [i, events] of history.entries()) {
    const call = await db.insertInto('calls').values({ direction: 'inbound', from_number: `+1555000${i}`, to_number: '+15550100', started_at: ago(60), queue_id: support.id }).returning('id').executeTakeFirstOrThrow();
    for (const [event, data, min] of events) {
      await db.insertInto('call_events').values({ call_id: call.id, event: event as 'entered', queue_id: support.id, agent_id: null, data, at: ago(min) }).execute();
    }
  }
  const board = async (token: string) => apiRequest(c, token, 'GET', '/wallboard') as Promise<{ status: number; body: Wallboard }>;
  const supportRow = (w: Wallboard) => w.queues.find((q) => q.queue_id === support.id);
  const first = supportRow((await board(admin)).body);
  assert.ok(first);
  // Last 15 minutes: the first five calls. Handled = 2 answered + 1 abandoned (not short) + 1 overflowed = 4.
  assert.deepEqual(first.last_15_min, {
    offered: 5, answered: 2, answered_within_target: 1, abandoned: 1, short_abandoned: 1, overflowed: 1, transferred: 0,
    service_level: 1 / 4, abandon_rate: 1 / 4, asa_seconds: 17.5, aht_seconds: 90,
  });
  // Last 30 minutes add call 6 (answered in 5 s, talked 30 s): handled 5, within target 2.
  assert.deepEqual({ sl: first.last_30_min.service_level, asa: first.last_30_min.asa_seconds, aht: first.last_30_min.aht_seconds, offered: first.last_30_min.offered }, { sl: 2 / 5, asa: 13.3, aht: 70, offered: 6 });
  // Last 60 minutes add call 7 (abandoned after 40 s): handled 6.
  assert.deepEqual({ ab: first.last_60_min.abandoned, rate: first.last_60_min.abandon_rate, sl: first.last_60_min.service_level }, { ab: 2, rate: 2 / 6, sl: 2 / 6 });
  assert.ok(first.today.offered >= (new Date().getHours() * 60 + new Date().getMinutes() >= 45 ? 7 : 0), 'today counts from local midnight');

  // Live: two callers wait in sales, nobody is ready.
  const callers = await Promise.all(['+15557770001', '+15557770002'].map((n) => NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, n)));
  t.after(() => { for (const p of callers) p.close(); });
  for (const p of callers) await callThroughIvr(p, 440);
  const live = await eventually(async () => {
    const sales = (await board(admin)).body.queues.find((q) => q.name === 'sales');
    return sales && sales.waiting === 2 ? sales : undefined;
  }, 10_000, 'two waiting in sales');
  await new Promise((r) => setTimeout(r, 2100));
  const later = (await board(admin)).body.queues.find((q) => q.name === 'sales');
  assert.ok((later?.longest_wait_seconds ?? 0) >= live.longest_wait_seconds + 2, `the longest wait grows (${live.longest_wait_seconds} → ${later?.longest_wait_seconds})`);
  assert.equal(live.today.offered, 2, 'both entered today');

  // The grid names the queue of an agent's call: agent1 (a desk phone) answers a sales caller.
  const desk = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, 'agent1');
  t.after(() => desk.close());
  assert.equal(await desk.register(AGENT_PASSWORDS.agent1, REALM), 'SIP/2.0 200 OK');
  const answered = desk.answerNext(100);
  const agent1 = await login(c, 'agent1', AGENT_PASSWORDS.agent1);
  // From logged-out straight to available with a caller waiting: the login offers the call at once, and that is the answer (200), not a conflict.
  const ready = await apiRequest<{ state: string }>(c, agent1, 'POST', '/me/state', { state: 'available' });
  assert.equal(ready.status, 200, JSON.stringify(ready.body));
  await answered;
  const onCall = await eventually(async () => (await board(admin)).body.agents.find((a) => a.name === 'Agent 1' && a.state === 'on-call' && a.call_id), 10_000, 'agent1 on the call');
  assert.equal(onCall.queue_id, live.queue_id, 'the call came from sales');
  assert.equal((await board(admin)).body.agents.find((a) => a.name === 'Agent 2')?.queue_id, null, 'no call, no queue');

  // Roles: a supervisor of support sees support and its agents only; an agent gets 403.
  const sup = await apiRequest<{ id: string }>(c, admin, 'POST', '/users', { username: 'wall-sup', role: 'supervisor', password: 'wallboard-sup-pw' });
  assert.equal((await apiRequest(c, admin, 'PATCH', `/queues/${support.id}`, { supervisor_ids: [sup.body.id] })).status, 200);
  const supView = (await board(await login(c, 'wall-sup', 'wallboard-sup-pw'))).body;
  assert.deepEqual(supView.queues.map((q) => q.name), ['support']);
  const agentToken = await login(c, 'agent1', AGENT_PASSWORDS.agent1);
  assert.equal((await board(agentToken)).status, 403);
});
