// The scene both transfer tests start from: the demo center, agent1 and agent2 on desk phones
// (our SIP phone on UDP) signed in to the API, agent1 ready and agent2 on a break, and a
// caller (440 Hz) put through the IVR and the sales queue to agent1 (700 Hz).
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter, eventually, AGENT_PASSWORDS, REALM, type Center } from '../../helpers/center.js';
import { NodePhone, type PhoneCall } from '../../helpers/node-phone.js';
import { callThroughIvr } from '../../helpers/ivr-caller.js';
import { login } from '../../helpers/api.js';

export const CALLER_HZ = 440;
export const AGENT1_HZ = 700;

export async function request<T>(c: Center, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${c.httpPort}/api${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() as T };
}

export interface CallRow { id: string; status: string; agent_id: string | null; queue_id: string | null; queue_entered_at: string | null; disposition: string | null }

export interface TransferScene {
  c: Center;
  agent1: NodePhone;
  agent2: NodePhone;
  caller: NodePhone;
  token1: string;
  token2: string;
  admin: string;
  agent1Id: string;
  agent2Id: string;
  /** The caller's call, agent1's, and the record of the connected call. */
  callerCall: PhoneCall;
  agent1Call: PhoneCall;
  row: CallRow;
}

export async function callConnectedToAgent1(t: TestContext): Promise<TransferScene> {
  const c = await startCenter(t, { wrapUpSeconds: 2 });
  const server = { host: '127.0.0.1', port: c.sipPort };
  const agent1 = await NodePhone.open(server, 'agent1');
  const agent2 = await NodePhone.open(server, 'agent2');
  const caller = await NodePhone.open(server, '+15551234567');
  t.after(() => { agent1.close(); agent2.close(); caller.close(); });
  assert.equal(await agent1.register(AGENT_PASSWORDS.agent1, REALM), 'SIP/2.0 200 OK');
  assert.equal(await agent2.register(AGENT_PASSWORDS.agent2, REALM), 'SIP/2.0 200 OK');
  const token1 = await login(c, 'agent1', AGENT_PASSWORDS.agent1);
  const token2 = await login(c, 'agent2', AGENT_PASSWORDS.agent2);
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const agents = (await request<{ items: { id: string; sip_username: string }[] }>(c, admin, 'GET', '/agents')).body.items;
  const agent1Id = agents.find((a) => a.sip_username === 'agent1')?.id ?? '';
  const agent2Id = agents.find((a) => a.sip_username === 'agent2')?.id ?? '';
  assert.ok(agent1Id && agent2Id);
  assert.equal((await request(c, token1, 'POST', '/me/state', { state: 'available' })).status, 200);
  // agent2 signs in not ready: the queue call goes to agent1.
  assert.equal((await request(c, token2, 'POST', '/me/state', { state: 'not-ready', reason: 'break' })).status, 200);

  const firstAnswer = agent1.answerNext(300);
  const { call: callerCall } = await callThroughIvr(caller, CALLER_HZ);
  const agent1Call = await firstAnswer;
  agent1.rtp.start(AGENT1_HZ);
  const row = await eventually(async () => (await request<{ items: CallRow[] }>(c, admin, 'GET', '/calls')).body.items.find((x) => x.status === 'connected'), 10000, 'the connected call');
  return { c, agent1, agent2, caller, token1, token2, admin, agent1Id, agent2Id, callerCall, agent1Call, row };
}
