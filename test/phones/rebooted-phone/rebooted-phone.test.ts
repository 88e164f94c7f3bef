// Issue 11: a phone that reboots with the same +sip.instance replaces its old binding (RFC 5626
// basics). baresip registers as agent1, loses power (SIGKILL: no un-REGISTER), comes back on a
// new port with a new Call-ID and the same instance: one binding is left, and a queue call
// rings it once; a socket listening on the dead phone's old port receives nothing.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { test } from 'node:test';
import pg from 'pg';
import { startCenter, AGENT_PASSWORDS, type Center } from '../../e2e/helpers/center.js';
import { apiCall, login } from '../../e2e/helpers/api.js';
import { startBaresip } from '../../helpers/baresip.js';
import { ALICE, REALM, startPhoneRig } from '../helpers/phone-rig.js';
import { UdpSipClient } from '../helpers/udp-sip-client.js';

const INSTANCE = 'urn:uuid:0b7e5a52-6c1e-4f7e-9a3a-5f0d7a1c2b3d';

async function bindings(c: Center): Promise<{ contact: string; call_id: string; instance_id: string | null }[]> {
  const client = new pg.Client({ connectionString: c.databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ contact: string; call_id: string; instance_id: string | null }>("SELECT contact, call_id, instance_id FROM registrations WHERE username = 'agent1' AND expires_at > now()");
    return r.rows;
  } finally {
    await client.end();
  }
}

test('a rebooted phone with the same +sip.instance replaces its binding; a queue call rings it once', { timeout: 90_000 }, async (t) => {
  const c = await startCenter(t);
  const server = { host: '127.0.0.1', port: c.sipPort, transport: 'udp' as const };
  const agent = { name: 'desk-phone', user: 'agent1', password: AGENT_PASSWORDS.agent1, server, instanceId: INSTANCE };

  const before = await startBaresip(t, agent);
  await before.registered();
  const [first] = await bindings(c);
  assert.equal(first?.instance_id, INSTANCE, 'the instance is stored with the binding');
  const oldPort = Number(/@127\.0\.0\.1:(\d+)/.exec(first?.contact ?? '')?.[1]);
  await before.crash();

  // The dead phone's address: whatever is sent there now lands here.
  const ghost = createSocket('udp4');
  const toGhost: string[] = [];
  ghost.on('message', (m) => toGhost.push(m.toString().split('\r\n')[0] ?? ''));
  ghost.bind(oldPort, '127.0.0.1');
  await once(ghost, 'listening');
  t.after(() => ghost.close());

  const after = await startBaresip(t, agent);
  await after.registered();
  const now = await bindings(c);
  assert.equal(now.length, 1, `one binding left: ${JSON.stringify(now)}`);
  assert.notEqual(now[0]?.contact, first?.contact, 'the new contact');
  assert.notEqual(now[0]?.call_id, first?.call_id, 'from the new Call-ID');
  assert.ok(c.logs.some((l) => l.msg === 'sip binding of a rebooted phone replaced'), 'the replacement is logged');

  const state = await apiCall<{ state: string }>(c, await login(c, 'agent1', AGENT_PASSWORDS.agent1), '/me/state', { state: 'available' });
  assert.equal(state.state, 'available');
  const caller = await startBaresip(t, { name: 'caller', user: '+15551234567', password: 'unused', register: false, server, codecs: ['PCMU'] });
  const answered = after.answerNext(20_000);
  await caller.dial(`sip:15550100@127.0.0.1:${c.sipPort}`);
  await caller.waitEvent('established', 10_000);
  await new Promise((r) => setTimeout(r, 2000));
  await caller.sendDtmf('1');
  await answered;
  await new Promise((r) => setTimeout(r, 1000));
  await caller.hangup();
  await after.waitEvent('closed', 10_000);

  const invites = (after.log().match(/^INVITE sip:/gm) ?? []).length;
  t.diagnostic(`the rebooted phone got ${invites} INVITE(s); the dead contact got ${toGhost.length} message(s)`);
  assert.equal(invites, 1, 'rung once');
  assert.deepEqual(toGhost, [], 'nothing forks to the dead contact');
});

test('RFC 5626 flows: the same instance with another reg-id is a second flow, the same reg-id replaces; a malformed instance is a 400', { timeout: 30_000 }, async (t) => {
  const rig = await startPhoneRig(t);
  const phone = await UdpSipClient.open(rig.target);
  t.after(() => phone.close());
  const inst = '+sip.instance="<urn:uuid:00000000-0000-4000-8000-000000000001>"';
  const reg = async (callId: string, contact: string): Promise<number> => (await phone.registerWithAuth({ user: ALICE.username, callId, cseq: 1, contact }, ALICE.password, REALM)).status;
  assert.equal(await reg('flow-1', `<sip:alice@127.0.0.1:${phone.port};ob>;${inst};reg-id=1`), 200);
  assert.equal(await reg('flow-2', `<sip:alice@127.0.0.1:${phone.port};ob;line=2>;${inst};reg-id=2`), 200);
  assert.equal((await rig.waitForContacts(ALICE.username, 2)).length, 2, 'two flows of one instance');
  assert.equal(await reg('flow-1-reboot', `<sip:alice@127.0.0.1:${phone.port};ob;boot=2>;${inst};reg-id=1`), 200);
  const contacts = await rig.waitForContacts(ALICE.username, 2);
  assert.ok(!contacts.includes(`sip:alice@127.0.0.1:${phone.port};ob`), `reg-id 1 replaced: ${contacts.join(' ')}`);
  const refused = async (callId: string, contact: string): Promise<string> => {
    phone.register({ user: ALICE.username, callId, cseq: 1, contact });
    const r = await phone.final();
    return `${r.status} ${/^SIP\/2\.0 \d+ (.*)$/m.exec(r.text)?.[1] ?? ''}`;
  };
  assert.equal(await refused('bad', `<sip:alice@127.0.0.1:${phone.port}>;+sip.instance="not a urn"`), '400 Bad Request (+sip.instance must be a URN)');
  assert.equal(await refused('bad-reg-id', `<sip:alice@127.0.0.1:${phone.port}>;${inst};reg-id=x`), '400 Bad Request (reg-id)');
});
