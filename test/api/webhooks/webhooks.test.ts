// test-file-timeout: 2 min
// Issue 13's webhooks on the whole center: an admin registers a receiver (a small HTTP server
// here, on loopback) and gets its secret once; bad URLs and other roles are refused. The
// receiver gets agent.state and call.offered/answered/ended as signed POSTs (HMAC-SHA256 of
// "<t>.<body>" with the secret), in order; the first one it answers 500 comes again and the
// delivery log shows both attempts. Listing webhooks never shows the secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { AGENT_PASSWORDS, REALM, eventually, startCenter, type Center } from '../../e2e/helpers/center.js';
import { login } from '../../e2e/helpers/api.js';
import { NodePhone } from '../../e2e/helpers/node-phone.js';
import { callThroughIvr } from '../../e2e/helpers/ivr-caller.js';

interface Received { id: string; type: string; signature: string; body: string; status: number }

async function api(c: Center, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> & { details?: { path: string }[] } }> {
  const res = await fetch(`http://127.0.0.1:${c.httpPort}/api${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

test('webhooks: signed events in order, a 500 redelivered, the secret shown once', { timeout: 120_000 }, async (t) => {
  const c = await startCenter(t, { wrapUpSeconds: 1, webhookTiming: { backoffMs: [300, 300], timeoutMs: 2000 } });
  const received: Received[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    req.on('end', () => {
      const status = received.length === 0 ? 500 : 200;
      received.push({ id: String(req.headers['x-switchboard-delivery']), type: String(req.headers['x-switchboard-event']), signature: String(req.headers['x-switchboard-signature']), body, status });
      res.writeHead(status).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  t.after(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

  const admin = await login(c, 'admin', 'admin-secret-pw');
  const token1 = await login(c, 'agent1', AGENT_PASSWORDS.agent1);
  const badUrl = await api(c, admin, 'POST', '/webhooks', { url: 'ftp://example.test/x' });
  assert.ok(badUrl.status === 400 && badUrl.body.details?.some((d) => d.path === 'body.url'), JSON.stringify(badUrl.body));
  assert.equal((await api(c, admin, 'POST', '/webhooks', { url: 'http://user:pw@127.0.0.1/x' })).status, 400, 'no credentials in the URL');
  assert.equal((await api(c, token1, 'POST', '/webhooks', { url })).status, 403, 'agents may not');
  const created = await api(c, admin, 'POST', '/webhooks', { url });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const secret = String(created.body.secret);
  assert.ok(secret.length >= 32);
  const listed = await api(c, admin, 'GET', '/webhooks');
  assert.ok(!JSON.stringify(listed.body).includes(secret), 'the secret is not listed');

  // Events: agent1 goes ready (agent.state), then takes a queue call and the caller hangs up.
  const phone = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, 'agent1');
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15551234567');
  t.after(() => { phone.close(); caller.close(); });
  assert.equal(await phone.register(AGENT_PASSWORDS.agent1, REALM), 'SIP/2.0 200 OK');
  assert.equal((await api(c, token1, 'POST', '/me/state', { state: 'available' })).status, 200);
  const answered = phone.answerNext(300);
  const { call } = await callThroughIvr(caller, 440);
  await answered;
  await eventually(async () => (received.some((r) => r.type === 'call.answered') ? true : undefined), 10000, 'call.answered at the receiver');
  assert.equal(await call.hangup(), 'SIP/2.0 200 OK');
  await eventually(async () => (received.some((r) => r.type === 'call.ended') ? true : undefined), 10000, 'call.ended at the receiver');

  // Every body is signed with the secret; the retried first one came twice, then the rest once, in order.
  for (const r of received) {
    const [, ts, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(r.signature) ?? [];
    assert.ok(ts && v1, r.signature);
    assert.equal(createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex'), v1, 'the signature checks');
    assert.equal((JSON.parse(r.body) as { id: number }).id, Number(r.id));
  }
  assert.equal(received[0]?.status, 500);
  assert.equal(received[1]?.id, received[0]?.id, 'the event answered 500 came again');
  const delivered = received.filter((r) => r.status === 200);
  const ids = delivered.map((r) => Number(r.id));
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'in order');
  assert.equal(new Set(ids).size, ids.length, 'each once');
  const types = delivered.map((r) => r.type);
  assert.ok(types.includes('agent.state'));
  const calls = types.filter((x) => x.startsWith('call.'));
  assert.deepEqual(calls, ['call.offered', 'call.answered', 'call.ended']);

  const log = await api(c, admin, 'GET', `/webhooks/${String(created.body.id)}/deliveries`);
  const first = (log.body.items as { event_id: string; attempt: number; status: number | null }[]).filter((d) => d.event_id === received[0]?.id).sort((a, b) => a.attempt - b.attempt);
  assert.deepEqual(first.map((d) => [d.attempt, d.status]), [[1, 500], [2, 200]]);
  assert.equal((await api(c, admin, 'DELETE', `/webhooks/${String(created.body.id)}`)).status, 200);
});
