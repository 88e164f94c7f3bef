// Issue 11: a nonce is reused within its lifetime with a rising nonce count (qop=auth), so a
// registration refresh takes one round trip instead of a new challenge each time; a replayed
// or lower count is refused (401 stale, a nonce-replay security event) and never counted as a
// wrong password. A real client (linphone; baresip 1.0 sends no credentials on a refresh, so
// it is challenged each time whatever we do) refreshing every few seconds is challenged once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startLinphone } from '../../helpers/linphone.js';
import { NonceStore } from '../../../server/sip/nonce-store.js';
import { defaultNonceTtlSec } from '../../../server/sip/registrar.js';
import { ALICE, REALM, startPhoneRig } from '../helpers/phone-rig.js';
import { challengeParam, digestAuthorization, header, UdpSipClient } from '../helpers/udp-sip-client.js';

test('refreshes reuse the nonce with a rising nc (one round trip); a replayed or lower nc is refused', { timeout: 30_000 }, async (t) => {
  const rig = await startPhoneRig(t);
  const phone = await UdpSipClient.open(rig.target);
  t.after(() => phone.close());
  const base = { user: ALICE.username, callId: 'nonce-reuse@127.0.0.1' };
  phone.register({ ...base, cseq: 1 });
  const challenge = await phone.final();
  assert.equal(challenge.status, 401);
  const nonce = challengeParam(header(challenge.text, 'WWW-Authenticate') ?? '', 'nonce') ?? '';
  const auth = (nc: number): string => digestAuthorization({ user: ALICE.username, realm: REALM, password: ALICE.password, nonce, uri: phone.requestUri, algorithm: 'MD5', nc });

  let cseq = 2;
  const send = async (authorization: string): Promise<{ status: number; text: string }> => {
    phone.register({ ...base, cseq: cseq++, authorization });
    return phone.final();
  };
  assert.equal((await send(auth(1))).status, 200, 'the first answer to the challenge');
  for (const nc of [2, 3, 4]) assert.equal((await send(auth(nc))).status, 200, `refresh with the same nonce, nc=${nc}: no new challenge`);

  const replayed = auth(5);
  assert.equal((await send(replayed)).status, 200);
  const replay = await send(replayed);
  assert.equal(replay.status, 401, 'the same nc again is a replay');
  assert.match(header(replay.text, 'WWW-Authenticate') ?? '', /stale=true/);
  const lower = await send(auth(3));
  assert.equal(lower.status, 401, 'a lower nc is a replay');
  assert.equal((await send(auth(6))).status, 200, 'the phone carries on with the next count');

  const events = rig.securityLines();
  assert.equal(events.filter((l) => l.reason === 'nonce-replay').length, 2);
  assert.equal(events.filter((l) => l.reason === 'wrong-password').length, 0, 'a replay is not a wrong password');
});

test('linphone refreshing every 10 s is challenged once: its refreshes reuse the nonce with nc 2, 3, ...', { timeout: 60_000 }, async (t) => {
  const rig = await startPhoneRig(t, { registrar: { minExpires: 5 } });
  const [, port = '0'] = rig.target.split(':');
  const phone = await startLinphone(t, { name: 'refresher', user: ALICE.username, password: ALICE.password, server: { host: '127.0.0.1', port: Number(port), transport: 'udp' }, expiresSeconds: 10 });
  await phone.registered();
  const registers = (): number => (phone.log().match(/^REGISTER sip:/gm) ?? []).length;
  const deadline = Date.now() + 40_000;
  while (registers() < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const counts = [...phone.log().matchAll(/^Authorization:.*nc=([0-9a-f]{8})/gm)].map((m) => parseInt(m[1] ?? '0', 16));
  const challenges = (phone.log().match(/^SIP\/2\.0 401 /gm) ?? []).length;
  t.diagnostic(`${registers()} REGISTERs, ${challenges} challenged, nonce counts ${counts.join(',')}`);
  assert.ok(registers() >= 4, 'two refreshes at least');
  assert.equal(challenges, 1, 'only the first REGISTER is challenged');
  assert.deepEqual(counts.slice(0, 3), [1, 2, 3], 'the same nonce, counting up');
  assert.equal(rig.securityLines().length, 0, 'no security event');
});

test('the default nonce lifetime outlasts the longest registration, so a refresh at expiry still reuses it', () => {
  const store = new NonceStore({ ttlSec: defaultNonceTtlSec });
  const now = Date.now();
  const nonce = store.issue(now - 3600_000);
  assert.equal(store.check(nonce, now), 'valid', 'issued an hour ago (the longest expiry)');
  assert.equal(store.use(nonce, 2, now), true);
  assert.equal(store.use(nonce, 2, now), false, 'a replayed count is refused whatever the lifetime');
});
