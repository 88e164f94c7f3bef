// Issue 9's six ways one call could stop the whole center, sent at a started center (engine,
// app, rtpengine, Postgres, all real): a Contact that does not parse (blind from the trunk
// address, and from a phone address), a Record-Route with no host, a UDP caller whose Contact
// is a `.invalid` WebSocket URI, a browser agent (sip.js over WSS) who calls the IVR and closes
// the tab, and a browser agent who answers, loses its WebSocket, then the caller hangs up.
// The center runs in this test's process with no process-level handler: an error that escaped
// a call would end the test. Sixty seconds later it must still serve: health is up, and a new
// call goes IVR → queue → a desk-phone agent; the records of the faulty calls are closed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { Inviter, SessionState, UserAgent } from 'sip.js';
import { startCenter, eventually, AGENT_PASSWORDS, REALM } from '../helpers/center.js';
import { apiCall, login } from '../helpers/api.js';
import { NodePhone } from '../helpers/node-phone.js';
import { callThroughIvr } from '../helpers/ivr-caller.js';
import { startSipJsPhone, type SipJsPhone } from '../../phones/helpers/sipjs-phone.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const tag = (): string => randomBytes(5).toString('hex');

interface CallRow { id: string; status: string; from_number: string; ended_at: string | null; hangup_cause: string | null; disposition: string | null; agent_id: string | null }

/** A UDP socket on `address` that sends raw SIP to the center and keeps what comes back. */
async function rawUdp(address: string): Promise<{ sock: Socket; port: number; got: string[]; send(text: string, port: number): void }> {
  const sock = createSocket('udp4');
  const got: string[] = [];
  sock.on('message', (m) => got.push(m.toString('latin1')));
  sock.bind(0, address);
  await once(sock, 'listening');
  return { sock, port: sock.address().port, got, send: (text, port) => sock.send(Buffer.from(text, 'latin1'), port, '127.0.0.1') };
}

const SDP = ['v=0', 'o=crash 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 42000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\r\n');

function invite(o: { from: string; port: number; sipPort: number; callId: string; contact: string; extra?: string[] }): string {
  return [
    `INVITE sip:15550100@127.0.0.1:${o.sipPort} SIP/2.0`,
    `Via: SIP/2.0/UDP ${o.from}:${o.port};branch=z9hG4bK${tag()};rport`,
    'Max-Forwards: 70',
    `From: <sip:+15559990000@${o.from}>;tag=${tag()}`,
    `To: <sip:15550100@127.0.0.1>`,
    `Call-ID: ${o.callId}`,
    'CSeq: 1 INVITE',
    `Contact: ${o.contact}`,
    ...(o.extra ?? []),
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(SDP)}`,
    '', SDP,
  ].join('\r\n');
}

const statusOf = (msgs: string[], callId: string): number[] =>
  msgs.filter((m) => m.startsWith('SIP/2.0') && m.includes(callId)).map((m) => Number(m.split(' ')[1]));

test('no single call stops the center: six faulty calls, still serving 60 s later', { timeout: 240_000 }, async (t) => {
  const unhandled: unknown[] = [];
  const onUnhandled = (err: unknown): void => { unhandled.push(err); };
  process.on('unhandledRejection', onUnhandled);
  t.after(() => { process.off('unhandledRejection', onUnhandled); });

  const c = await startCenter(t, { wrapUpSeconds: 1 });
  const wss = `wss://127.0.0.1:${c.wssPort}`;
  const adminToken = await login(c, 'admin', 'admin-secret-pw');
  const agent2Token = await login(c, 'agent2', AGENT_PASSWORDS.agent2);
  const phones: SipJsPhone[] = [];
  t.after(async () => { for (const p of phones) await p.stop(); });

  // 1, 2: an unparseable Contact, blind from the trunk address and from a phone's address.
  const trunkSide = await rawUdp('127.0.0.1');
  const phoneSide = await rawUdp('127.0.0.2');
  t.after(() => { trunkSide.sock.close(); phoneSide.sock.close(); });
  trunkSide.send(invite({ from: '127.0.0.1', port: trunkSide.port, sipPort: c.sipPort, callId: 'crash-contact-trunk', contact: '<sip:fuzz' }), c.sipPort);
  phoneSide.send(invite({ from: '127.0.0.2', port: phoneSide.port, sipPort: c.sipPort, callId: 'crash-contact-phone', contact: '<sip:fuzz' }), c.sipPort);
  // 3: a Record-Route with no host.
  trunkSide.send(invite({ from: '127.0.0.1', port: trunkSide.port, sipPort: c.sipPort, callId: 'crash-record-route', contact: `<sip:caller@127.0.0.1:${trunkSide.port}>`, extra: ['Record-Route: <sip:;lr>'] }), c.sipPort);
  // 4: a UDP caller whose Contact is a WebSocket URI on a .invalid host; it ACKs and stays in the IVR
  // until the IVR gives up and hangs up towards that Contact.
  const invalid = await rawUdp('127.0.0.1');
  t.after(() => invalid.sock.close());
  invalid.send(invite({ from: '127.0.0.1', port: invalid.port, sipPort: c.sipPort, callId: 'crash-invalid-ws', contact: '<sip:x@abc.invalid;transport=ws>' }), c.sipPort);
  const ok = await eventually(async () => invalid.got.find((m) => m.startsWith('SIP/2.0 200') && m.includes('crash-invalid-ws')), 10000, '200 to the .invalid caller');
  const toTag = /^To:.*$/mi.exec(ok)?.[0].replace(/^To:\s*/i, '') ?? '';
  const fromHdr = /^From:.*$/mi.exec(ok)?.[0].replace(/^From:\s*/i, '') ?? '';
  invalid.send([`ACK sip:15550100@127.0.0.1:${c.sipPort} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${invalid.port};branch=z9hG4bK${tag()};rport`, 'Max-Forwards: 70',
    `From: ${fromHdr}`, `To: ${toTag}`, 'Call-ID: crash-invalid-ws', 'CSeq: 1 ACK', 'Content-Length: 0', '', ''].join('\r\n'), c.sipPort);

  // 5: a browser agent calls the IVR and closes the tab (WebSocket gone, no BYE).
  const tabCaller = await startSipJsPhone({ server: wss, user: 'agent2', password: AGENT_PASSWORDS.agent2, realm: REALM, answerAfterMs: false });
  phones.push(tabCaller);
  const inviter = new Inviter(tabCaller.ua, UserAgent.makeURI(`sip:15550100@${REALM}`) ?? assert.fail('uri'));
  const established = new Promise<void>((resolve) => inviter.stateChange.addListener((s) => { if (s === SessionState.Established) resolve(); }));
  await inviter.invite();
  await established;
  await sleep(500);
  await tabCaller.dropConnection();

  // 6: a browser agent answers a queued call, loses its WebSocket, then the caller hangs up.
  const browserAgent = await startSipJsPhone({ server: wss, user: 'agent2', password: AGENT_PASSWORDS.agent2, realm: REALM, answerAfterMs: 300 });
  phones.push(browserAgent);
  await browserAgent.register();
  await apiCall(c, agent2Token, '/me/state', { state: 'available' });
  const caller6 = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550006666');
  t.after(() => caller6.close());
  const { call: call6 } = await callThroughIvr(caller6, 440);
  await browserAgent.nextCall(SessionState.Established, 15000);
  await browserAgent.dropConnection();
  await sleep(300);
  await call6.hangup();

  // The edge refuses what it can never route, with a reason.
  await sleep(1000);
  for (const [peer, id] of [[trunkSide, 'crash-contact-trunk'], [phoneSide, 'crash-contact-phone'], [trunkSide, 'crash-record-route']] as const) {
    const statuses = statusOf(peer.got, id);
    assert.ok(statuses.some((s) => s >= 400), `${id} got a final error (got ${statuses.join(',') || 'nothing'})`);
    assert.ok(!statuses.some((s) => s >= 200 && s < 300), `${id} was not answered 200`);
  }

  // Sixty seconds on, the center still serves.
  await sleep(60_000);
  assert.deepEqual(unhandled.map(String), [], 'no error escaped a call');
  const health = await fetch(`http://127.0.0.1:${c.httpPort}/api/health`);
  assert.equal(health.status, 200, 'health is up');

  // A new call through IVR → queue → agent1 on a desk phone works.
  const agent2 = await eventually(async () => {
    const s = await apiCall<{ state: string }>(c, agent2Token, '/me/state');
    return s.state === 'available' ? undefined : s;
  }, 5000, 'the vanished browser agent out of routing').catch(() => undefined);
  t.diagnostic(`browser agent after its socket dropped: ${agent2?.state ?? 'still available'}`);
  await apiCall(c, agent2Token, '/me/state', { state: 'not-ready', reason: 'test' }).catch(() => undefined);
  const agent = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, 'agent1');
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550007777');
  t.after(() => { agent.close(); caller.close(); });
  assert.equal(await agent.register(AGENT_PASSWORDS.agent1, REALM), 'SIP/2.0 200 OK');
  await apiCall(c, await login(c, 'agent1', AGENT_PASSWORDS.agent1), '/me/state', { state: 'available' });
  const answered = agent.answerNext(300);
  const { call } = await callThroughIvr(caller, 440);
  const agentCall = await answered;
  await sleep(1000);
  assert.equal(await call.hangup(), 'SIP/2.0 200 OK');
  await agentCall.ended;

  // Every faulty call that reached the app has a closed record with a reason.
  const rows = await eventually(async () => {
    const page = await apiCall<{ items: CallRow[] }>(c, adminToken, '/calls?limit=50');
    const open = page.items.filter((r) => r.status !== 'completed');
    return open.length === 0 ? page.items : undefined;
  }, 15000, 'every call record closed');
  for (const r of rows) assert.ok(r.ended_at && r.hangup_cause, `call ${r.id} from ${r.from_number} closed with a reason (${r.hangup_cause ?? 'none'})`);
  assert.ok(rows.some((r) => r.from_number === '+15550007777' && r.disposition === 'answered'), 'the new call was answered');
  assert.ok(rows.length >= 4, `records of the faulty calls and the new one: ${rows.length}`);
  t.diagnostic(rows.map((r) => `${r.from_number}: ${r.disposition ?? '-'} (${r.hangup_cause ?? '-'})`).join('; '));
});
