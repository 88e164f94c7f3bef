// Issue 10, guessing over time and across addresses: slow guessing (4 tries a minute) from one
// address is banned by the hour window; 25 addresses × 4 tries against one account put the
// account under attack (one alert) and every further failing address is banned at its first
// try. The real phone, from its own address with the right password, still registers. Every
// ban reaches the engine's discard list (here a recorder standing in for it).
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { ALICE, REALM, startPhoneRig, waitFor, type PhoneRig } from '../helpers/phone-rig.js';
import { challengeParam, digestAuthorization, header, UdpSipClient } from '../helpers/udp-sip-client.js';

interface Discarded { address: string; seconds: number; reason: string }

function discardRecorder(rig: PhoneRig): Discarded[] {
  const seen: Discarded[] = [];
  rig.registrar.guard.discardInto({ discard: (address, seconds, reason) => { seen.push({ address, seconds, reason }); }, undiscard: () => undefined });
  return seen;
}

async function client(t: TestContext, rig: PhoneRig, local: string): Promise<UdpSipClient> {
  const c = await UdpSipClient.open(rig.target, local);
  t.after(() => c.close());
  return c;
}

let seq = 0;
/** One guess: REGISTER, take the challenge, answer it with `password`. 0 when nothing answers (banned). */
async function guess(c: UdpSipClient, password: string, user = ALICE.username): Promise<number> {
  const callId = `guess-${++seq}`;
  c.register({ user, callId, cseq: 1 });
  const challenge = await c.final(1000).catch(() => undefined);
  if (!challenge) return 0;
  assert.equal(challenge.status, 401);
  const nonce = challengeParam(header(challenge.text, 'WWW-Authenticate') ?? '', 'nonce') ?? '';
  c.register({ user, callId, cseq: 2, authorization: digestAuthorization({ user, realm: REALM, password, nonce, uri: c.requestUri, algorithm: 'MD5' }) });
  return (await c.final(1000).catch(() => ({ status: 0 }))).status;
}

test('slow guessing, 4 tries a minute from one address: banned at the 20th try in the hour', { timeout: 60_000 }, async (t) => {
  let now = Date.now();
  const rig = await startPhoneRig(t, { registrar: { keepalive: false, guard: { clock: () => now, accountMaxFailures: 1000 } } });
  const discarded = discardRecorder(rig);
  const attacker = await client(t, rig, '127.0.0.2');
  const statuses: number[] = [];
  for (let i = 0; i < 20; i++) {
    statuses.push(await guess(attacker, `slow-${i}`));
    now += 15_000; // 4 a minute: never 5 within the short window
  }
  assert.deepEqual(statuses, [...Array<number>(19).fill(401), 403], 'challenged 19 times, refused at the 20th');
  assert.equal(await guess(attacker, ALICE.password), 0, 'then not answered at all, even with the right password');
  const bans = rig.securityLines().filter((l) => l.reason === 'blocked');
  assert.deepEqual(bans.map((l) => [l.ip, l.window]), [['127.0.0.2', 'slow']]);
  await waitFor(() => discarded.length > 0, 2000);
  assert.deepEqual(discarded.map((d) => [d.address, d.seconds]), [['127.0.0.2', 600]]);

  const phone = await client(t, rig, '127.0.0.1');
  assert.equal(await guess(phone, ALICE.password), 200, 'the real phone registers from its own address');
  await rig.waitForContacts(ALICE.username, 1);
});

test('25 addresses × 4 tries against one account: alert once, banned from the 20th failure on; the phone still registers', { timeout: 90_000 }, async (t) => {
  const rig = await startPhoneRig(t, { registrar: { keepalive: false } });
  const discarded = discardRecorder(rig);
  const perAddress: number[][] = [];
  for (let a = 0; a < 25; a++) {
    const c = await client(t, rig, `127.0.0.${10 + a}`);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const status = await guess(c, `spray-${a}-${i}`);
      statuses.push(status);
      if (status !== 401) break; // banned: the rest would be unanswered
    }
    perAddress.push(statuses);
  }
  // 4 addresses × 4 + 3 = 19 failures pass below every per-address limit; the 20th trips the account.
  assert.deepEqual(perAddress.slice(0, 4), Array.from({ length: 4 }, () => [401, 401, 401, 401]));
  assert.deepEqual(perAddress[4], [401, 401, 401, 403]);
  for (const statuses of perAddress.slice(5)) assert.deepEqual(statuses, [403], 'one strike while the account is under attack');
  const alerts = rig.securityLines().filter((l) => l.reason === 'account-under-attack');
  assert.equal(alerts.length, 1, 'one account alert for the window');
  assert.equal(alerts[0]?.user, ALICE.username);
  await waitFor(() => discarded.length === 21, 2000).catch(() => undefined);
  const banned = discarded.map((d) => d.address);
  assert.equal(banned.length, 21);
  assert.deepEqual(banned, Array.from({ length: 21 }, (_, i) => `127.0.0.${14 + i}`));
  assert.ok(discarded.every((d) => d.seconds === 600 && /account-under-attack/.test(d.reason)));
  t.diagnostic(`banned ${banned.length} of 25 spraying addresses after ${4 * 4 + 4 + 20} wrong answers; 1 alert`);

  const phone = await client(t, rig, '127.0.0.1');
  assert.equal(await guess(phone, ALICE.password), 200, 'the account is not locked: the real phone registers');
  await rig.waitForContacts(ALICE.username, 1);
});
