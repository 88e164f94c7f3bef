// Live provisioning (issue 9), through the API alone as a new admin would, on a center
// started without the demo: create a trunk, a queue, an IVR flow, a number, a user and its
// agent and the membership; the new agent's desk phone registers, goes ready through the
// API, and a call to the new number reaches it — no restart. Then the queue's max wait is
// lowered while a caller waits: that caller keeps the wait it entered with, the next caller
// overflows at the new value. Deleting the queue the flow still uses answers 409 naming it.
// Once on Postgres, once on embedded PGlite (the default install).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter, eventually, REALM, type Center } from '../helpers/center.js';
import { NodePhone } from '../helpers/node-phone.js';

interface Body { id?: string; error?: string; token?: string; state?: string; items?: Record<string, unknown>[]; [k: string]: unknown }

function client(c: Center) {
  const call = async (method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: Body }> => {
    const res = await fetch(`http://127.0.0.1:${c.httpPort}/api${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) as Body : {} };
  };
  const login = async (username: string, password: string) => (await call('POST', '/auth/login', undefined, { username, password })).body.token ?? assert.fail('login failed');
  /** A write that must succeed; returns the created or updated row. */
  const ok = async (method: string, path: string, token: string, body?: unknown): Promise<Body> => {
    const r = await call(method, path, token, body);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  return { call, login, ok };
}

interface CallRow { id: string; to_number: string; agent_id: string | null; status: string; queue_entered_at: string | null; queue_left_at: string | null; disposition: string | null }

for (const database of ['postgres', 'pglite'] as const) test(`[${database}] what an admin creates through the API takes calls at once; max wait changes apply to the next caller; a used queue is not deleted`, { timeout: 180000 }, async (t) => {
  const c = await startCenter(t, { demo: false, database });
  const api = client(c);
  const admin = await api.login('admin', 'admin-secret-pw');
  assert.deepEqual((await api.ok('GET', '/agents', admin)).items, [], 'an empty center: no demo');

  const trunk = await api.ok('POST', '/trunks', admin, { name: 'lab-carrier', auth_type: 'ip', allowed_cidrs: ['127.0.0.1/32'] });
  const queue = await api.ok('POST', '/queues', admin, { name: 'billing', strategy: 'longest-idle', ring_timeout_seconds: 20, max_wait_seconds: 8, overflow_destination: { type: 'hangup' } });
  const flow = await api.ok('POST', '/ivr-flows', admin, { name: 'billing-line', definition: { start: 'hello', nodes: {
    hello: { verb: 'say', text: 'Billing', next: 'wait' },
    wait: { verb: 'queue', queue: queue.id },
  } } });
  await api.ok('POST', '/numbers', admin, { e164: '+15550200', trunk_id: trunk.id, destination: { type: 'ivr', id: flow.id } });
  const user = await api.ok('POST', '/users', admin, { username: 'bea', role: 'agent', password: 'bea-login-password' });
  const agent = await api.ok('POST', '/agents', admin, { name: 'Bea', user_id: user.id, extension: '2001', sip_username: 'bea', sip_password: 'bea-sip-password' });
  await api.ok('POST', `/queues/${queue.id}/members`, admin, { agent_id: agent.id });

  const server = { host: '127.0.0.1', port: c.sipPort };
  const phone = await NodePhone.open(server, 'bea');
  const callers = await Promise.all(['+15557000001', '+15557000002', '+15557000003'].map((n) => NodePhone.open(server, n)));
  t.after(() => { phone.close(); for (const p of callers) p.close(); });
  assert.equal(await phone.register('bea-sip-password', REALM), 'SIP/2.0 200 OK');
  const bea = await api.login('bea', 'bea-login-password');
  const ready = await api.call('POST', '/me/state', bea, { state: 'available' });
  assert.equal(ready.status, 200, `the new agent goes ready without a restart: ${JSON.stringify(ready.body)}`);
  assert.equal(ready.body.state, 'available');

  // 1. The new number, flow, queue and agent take a call.
  const answering = phone.answerNext(300);
  const first = await callers[0]!.call('15550200');
  const agentLeg = await answering;
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await first.hangup(), 'SIP/2.0 200 OK');
  await agentLeg.ended;
  const calls = async () => ((await api.ok('GET', '/calls', admin)).items ?? []) as unknown as CallRow[];
  const answered = await eventually(async () => (await calls()).find((x) => x.status === 'completed' && x.agent_id === agent.id), 10000, 'the answered call on record');
  assert.equal(answered.to_number, '+15550200');
  assert.equal(answered.disposition, 'answered');

  // 2. No agent free: a caller enters with max wait 8 s; the wait is lowered to 2 s; the next caller overflows at 2 s.
  await eventually(async () => ((await api.call('POST', '/me/state', bea, { state: 'not-ready', reason: 'lunch' })).status === 200 ? true : undefined), 10000, 'not ready after wrap-up');
  const early = await callers[1]!.call('15550200');
  const earlyRow = await eventually(async () => (await calls()).find((x) => x.status === 'queued'), 10000, 'the first waiting caller');
  const reloadsBefore = c.sb.provisioningReload.reloads;
  const patchedAt = performance.now();
  await api.ok('PATCH', `/queues/${queue.id}`, admin, { max_wait_seconds: 2 });
  await eventually(async () => (c.sb.provisioningReload.reloads > reloadsBefore ? true : undefined), 5000, 'the ACD reload after the change');
  console.log(`[${database}] PATCH sent → ACD reloaded through NOTIFY: ${(performance.now() - patchedAt).toFixed(0)} ms (debounce 25 ms, poll 100 ms)`);
  const late = await callers[2]!.call('15550200');
  await late.ended;
  await early.ended;
  const rows = await eventually(async () => {
    const all = await calls();
    const e = all.find((x) => x.id === earlyRow.id && x.queue_left_at);
    const l = all.find((x) => x.id !== earlyRow.id && x.id !== answered.id && x.queue_left_at);
    return e && l ? { e, l } : undefined;
  }, 15000, 'both overflowed callers on record');
  const waited = (r: CallRow) => (Date.parse(r.queue_left_at ?? '') - Date.parse(r.queue_entered_at ?? '')) / 1000;
  console.log(`wait before overflow: caller who entered at max wait 8 s: ${waited(rows.e)} s; next caller after the change to 2 s: ${waited(rows.l)} s`);
  assert.ok(waited(rows.l) >= 1.8 && waited(rows.l) < 4, `the next caller overflows at the new max wait: ${waited(rows.l)} s`);
  assert.ok(waited(rows.e) >= 7.5 && waited(rows.e) < 11, `the caller already waiting keeps the max wait it entered with: ${waited(rows.e)} s`);

  // 3. The queue is still used by the flow: 409 naming it; the queue stays.
  const refused = await api.call('DELETE', `/queues/${queue.id}`, admin);
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error, 'queue "billing" is used by IVR flow "billing-line" (node wait); change or delete those first');
  assert.equal((await api.call('GET', `/queues/${queue.id}`, admin)).status, 200);
});
