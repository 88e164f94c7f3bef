// Issue 4, point 4: a wrong password gets 401 again and no registration; repeated failures
// from one address get 403 and then silence for the block period, with one security log line
// per event; a scanner user agent is rejected. Also: SHA-256 digest (RFC 8760) when the phone
// offers it, replayed credentials refused, and credentials of another user refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALICE, BOB, REALM, startPhoneRig, type PhoneRig } from '../helpers/phone-rig.js';
import { challengeParam, digestAuthorization, header, UdpSipClient } from '../helpers/udp-sip-client.js';
import type { TestContext } from 'node:test';

async function client(t: TestContext, rig: PhoneRig): Promise<UdpSipClient> {
  const c = await UdpSipClient.open(rig.target);
  t.after(() => c.close());
  return c;
}

function attempt(c: UdpSipClient, user: string, password: string, cseq: number): Promise<{ status: number; text: string }> {
  return c.registerWithAuth({ user, callId: `defence-${cseq}`, cseq }, password, REALM);
}

test('wrong password: 401 again, no registration; repeated failures: 403, then dropped, logged', { timeout: 30_000 }, async (t) => {
  const rig = await startPhoneRig(t, { registrar: { guard: { maxFailures: 3, windowSec: 60, blockSec: 60 } } });
  // the guard screens other methods too when the app puts it in front of its handlers
  rig.srf.use(rig.registrar.screen);
  rig.srf.use('options', (_req, res) => res.send(200));
  const c = await client(t, rig);
  c.request('OPTIONS', { user: 'probe', callId: 'options-before', cseq: 1 });
  assert.equal((await c.final()).status, 200, 'OPTIONS answered before the block');

  const first = await attempt(c, ALICE.username, 'not-the-password', 1);
  assert.equal(first.status, 401, 'a wrong password is challenged again');
  assert.match(header(first.text, 'WWW-Authenticate') ?? '', /nonce=/);
  assert.deepEqual(await rig.repos.registrations.current(rig.registrar.aorOf(ALICE.username)), []);
  assert.equal((await attempt(c, ALICE.username, 'guess-2', 3)).status, 401);
  assert.equal((await attempt(c, ALICE.username, 'guess-3', 5)).status, 403, 'the failure that reaches the limit is refused');

  // blocked: even the right password gets no answer at all now
  c.register({ user: ALICE.username, callId: 'after-block', cseq: 1 });
  assert.equal(await c.next(1500), undefined, 'a blocked address gets no response');
  c.request('OPTIONS', { user: 'probe', callId: 'options-after', cseq: 1 });
  assert.equal(await c.next(1000), undefined, 'nor to other methods behind the screen');
  assert.deepEqual(await rig.repos.registrations.current(rig.registrar.aorOf(ALICE.username)), []);

  const lines = rig.securityLines();
  assert.deepEqual(lines.map((l) => [l.ip, l.user, l.reason]), [
    ['127.0.0.1', 'alice', 'wrong-password'],
    ['127.0.0.1', 'alice', 'wrong-password'],
    ['127.0.0.1', 'alice', 'wrong-password'],
    ['127.0.0.1', 'alice', 'blocked'],
  ]);
});

test('scanner user agents are rejected and logged', { timeout: 30_000 }, async (t) => {
  const rig = await startPhoneRig(t);
  const c = await client(t, rig);
  rig.srf.use(rig.registrar.screen);
  rig.srf.use('options', (_req, res) => res.send(200));
  c.register({ user: '100', callId: 'scan-1', cseq: 1, userAgent: 'friendly-scanner' });
  assert.equal((await c.final()).status, 403);
  c.request('OPTIONS', { user: '100', callId: 'scan-2', cseq: 1, userAgent: 'sipvicious' });
  assert.equal((await c.final()).status, 403);
  assert.deepEqual(rig.securityLines().map((l) => [l.ip, l.user, l.reason]), [['127.0.0.1', '100', 'scanner-user-agent'], ['127.0.0.1', '100', 'scanner-user-agent']]);
});

test('SHA-256 digest when the phone offers it; replay and foreign credentials refused', { timeout: 30_000 }, async (t) => {
  const rig = await startPhoneRig(t);
  const c = await client(t, rig);
  // a phone that speaks RFC 8760 shows it with its (stale) credentials: it is challenged in SHA-256
  const stale = 'Digest username="alice", realm="switchboard.test", nonce="old", uri="sip:x", response="00", algorithm=SHA-256';
  c.register({ user: ALICE.username, callId: 'sha', cseq: 1, authorization: stale });
  const challenge = await c.final();
  assert.equal(challenge.status, 401);
  const www = header(challenge.text, 'WWW-Authenticate') ?? '';
  assert.match(www, /algorithm=SHA-256/);
  const nonce = challengeParam(www, 'nonce') ?? '';
  const authorization = digestAuthorization({ user: ALICE.username, realm: REALM, password: ALICE.password, nonce, uri: c.requestUri, algorithm: 'SHA-256' });
  c.register({ user: ALICE.username, callId: 'sha', cseq: 2, authorization });
  const ok = await c.final();
  assert.equal(ok.status, 200);
  assert.match(header(ok.text, 'Contact') ?? '', new RegExp(`<sip:alice@127.0.0.1:${c.port}>;expires=600`));

  // the same credentials again (same nonce and nonce count): a replay
  c.register({ user: ALICE.username, callId: 'sha', cseq: 3, authorization });
  const replay = await c.final();
  assert.equal(replay.status, 401);
  assert.match(header(replay.text, 'WWW-Authenticate') ?? '', /stale=true/);

  // bob's valid credentials do not register alice
  const foreign = await c.registerWithAuth({ user: BOB.username, toUser: ALICE.username, callId: 'bob', cseq: 1 }, BOB.password, REALM);
  assert.equal(foreign.status, 403);
  assert.deepEqual(rig.securityLines().map((l) => l.reason), ['nonce-replay', 'user-mismatch']);
});
