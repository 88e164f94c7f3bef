// test-file-timeout: 2 min
// Issue 13's event hub on the whole center (/api/events over a real WebSocket): the first
// message must authenticate (bad JSON 4400, a bad token 4401, none in time 4408); each role
// sees its own (an agent its own state and calls, not a colleague's; an admin everything);
// a state change made on the API arrives within milliseconds (printed); a client that comes
// back with its cursor gets exactly what it missed, in order, then live events; a queue call
// to the agent is offered, answered and ended on the agent's socket with one call id, and its
// queue's counts (one waiting, then none) arrive as it is a member.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { AGENT_PASSWORDS, REALM, eventually, startCenter, type Center } from '../../e2e/helpers/center.js';
import { login } from '../../e2e/helpers/api.js';
import { NodePhone } from '../../e2e/helpers/node-phone.js';
import { callThroughIvr } from '../../e2e/helpers/ivr-caller.js';

interface LiveEvent { id: number; type: string; agent_id: string | null; call_id: string | null; queue_id: string | null; data: Record<string, unknown> }

class EventClient {
  readonly events: (LiveEvent & { receivedAt: number })[] = [];
  closed: Promise<{ code: number; reason: string }>;
  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as { type: string; event?: LiveEvent };
      if (msg.type === 'event' && msg.event) this.events.push({ ...msg.event, receivedAt: Date.now() });
    });
  }

  static async open(c: Center, hello?: unknown): Promise<EventClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${c.httpPort}/api/events`);
    const client = new EventClient(ws);
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    if (hello !== undefined) ws.send(typeof hello === 'string' ? hello : JSON.stringify(hello));
    return client;
  }

  static async ready(c: Center, token: string, cursor?: number): Promise<EventClient> {
    const client = await EventClient.open(c);
    const ready = new Promise<void>((resolve) => client.ws.once('message', () => resolve()));
    client.ws.send(JSON.stringify({ type: 'auth', token, ...(cursor !== undefined ? { cursor } : {}) }));
    await ready;
    return client;
  }

  of(type: string, agentId?: string): (LiveEvent & { receivedAt: number })[] {
    return this.events.filter((e) => e.type === type && (agentId === undefined || e.agent_id === agentId));
  }
}

async function setState(c: Center, token: string, body: unknown): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${c.httpPort}/api/me/state`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, await res.text());
}

test('live events: auth first, each role its own, resume from a cursor, a call offered/answered/ended', { timeout: 120_000 }, async (t) => {
  const c = await startCenter(t, { wrapUpSeconds: 1 });
  const token1 = await login(c, 'agent1', AGENT_PASSWORDS.agent1);
  const token2 = await login(c, 'agent2', AGENT_PASSWORDS.agent2);
  const admin = await login(c, 'admin', 'admin-secret-pw');

  // 1. The first message decides: each wrong one closes this socket only, with a reason.
  assert.deepEqual(await (await EventClient.open(c, 'not json')).closed, { code: 4400, reason: 'the first message must be JSON' });
  assert.equal((await (await EventClient.open(c, { type: 'auth', token: 'nope' })).closed).code, 4401);
  assert.equal((await (await EventClient.open(c, { type: 'auth', token: token1, cursor: -1 })).closed).code, 4400);
  assert.equal((await (await EventClient.open(c)).closed).code, 4408, 'no auth message in time');

  // 2. Each role its own; a change on the API arrives at once.
  const agent1 = await EventClient.ready(c, token1);
  const watcher = await EventClient.ready(c, admin);
  t.after(() => { agent1.ws.close(); watcher.ws.close(); });
  const agents = (await (await fetch(`http://127.0.0.1:${c.httpPort}/api/agents`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { items: { id: string; sip_username: string }[] };
  const agent1Id = agents.items.find((a) => a.sip_username === 'agent1')?.id ?? '';
  const agent2Id = agents.items.find((a) => a.sip_username === 'agent2')?.id ?? '';
  const sent = Date.now();
  await setState(c, token1, { state: 'not-ready', reason: 'break' });
  const mine = await eventually(async () => agent1.of('agent.state', agent1Id).find((e) => e.data.state === 'not-ready'), 5000, 'agent1\'s own state');
  const latency = mine.receivedAt - sent;
  console.log(`live events: agent.state on the socket ${latency} ms after the API request was sent`);
  assert.equal(mine.data.reason, 'break');
  await setState(c, token2, { state: 'not-ready', reason: 'lunch' });
  await eventually(async () => watcher.of('agent.state', agent2Id).find((e) => e.data.state === 'not-ready'), 5000, 'the admin sees agent2');
  // A colleague's presence only: the state, not the reason.
  const presence = await eventually(async () => agent1.of('agent.state', agent2Id).find((e) => e.data.state === 'not-ready'), 5000, 'agent2\'s presence at agent1');
  assert.deepEqual(presence.data, { state: 'not-ready' });

  // 3. agent1 goes away; what happens meanwhile comes back from the cursor, in order, once.
  const cursor = Math.max(...agent1.events.map((e) => e.id));
  agent1.ws.close();
  await setState(c, token1, { state: 'available' });
  await setState(c, token1, { state: 'not-ready', reason: 'training' });
  const back = await EventClient.ready(c, token1, cursor);
  t.after(() => back.ws.close());
  const missed = await eventually(async () => { const s = back.of('agent.state', agent1Id); return s.length >= 2 ? s : undefined; }, 5000, 'the missed states');
  assert.deepEqual(missed.map((e) => e.data.state), ['available', 'not-ready']);
  assert.ok(missed.every((e) => e.id > cursor));
  assert.ok(missed[0] && missed[1] && missed[0].id < missed[1].id);

  // 4. A queue call to agent1: offered, answered, ended, one call id, on agent1's socket.
  const phone = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, 'agent1');
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15551234567');
  t.after(() => { phone.close(); caller.close(); });
  assert.equal(await phone.register(AGENT_PASSWORDS.agent1, REALM), 'SIP/2.0 200 OK');
  await setState(c, token1, { state: 'available' });
  const answered = phone.answerNext(300);
  const { call } = await callThroughIvr(caller, 440);
  await answered;
  await eventually(async () => back.of('call.answered').length > 0 ? true : undefined, 5000, 'the answer on the socket');
  assert.equal(await call.hangup(), 'SIP/2.0 200 OK');
  const flow = await eventually(async () => {
    const calls = back.events.filter((e) => e.type.startsWith('call.'));
    return calls.some((e) => e.type === 'call.ended') ? calls : undefined;
  }, 10000, 'the call on agent1\'s socket');
  assert.deepEqual(flow.map((e) => e.type), ['call.offered', 'call.answered', 'call.ended']);
  assert.equal(new Set(flow.map((e) => e.call_id)).size, 1);
  assert.equal(flow[2]?.data.disposition, 'answered');
  assert.ok(back.of('agent.state', agent1Id).some((e) => e.data.state === 'on-call'));
  // agent1 is a member of sales: its counts came too — the caller waiting, then nobody.
  const counts = back.of('queue.counts').map((e) => e.data.waiting);
  assert.deepEqual([counts[0], counts.at(-1)], [1, 0], JSON.stringify(back.of('queue.counts').map((e) => e.data)));
});
