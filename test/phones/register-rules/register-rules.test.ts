// RFC 3261 §10.3 rules of the registrar, over UDP: a REGISTER without Contact lists the
// bindings, an expiry below the minimum gets 423 with Min-Expires, a long one is cut to the
// maximum, `Contact: *` with Expires 0 removes every binding, and malformed requests get 400.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALICE, REALM, startPhoneRig } from '../helpers/phone-rig.js';
import { header, UdpSipClient } from '../helpers/udp-sip-client.js';

test('register rules: query, 423, expiry cap, Contact: *, 400', { timeout: 30_000 }, async (t) => {
  const rig = await startPhoneRig(t, { registrar: { minExpires: 60, maxExpires: 1800 } });
  const c = await UdpSipClient.open(rig.target);
  t.after(() => c.close());
  const user = ALICE.username;
  const reg = (callId: string, cseq: number, more: { contact?: string | null; expires?: number } = {}) =>
    c.registerWithAuth({ user, callId, cseq, ...more }, ALICE.password, REALM);

  const capped = await reg('r1', 1, { expires: 7200 });
  assert.equal(capped.status, 200);
  assert.match(header(capped.text, 'Contact') ?? '', /;expires=1800$/, 'cut to maxExpires');
  assert.equal((await reg('r2', 1, { contact: '<sip:alice@192.0.2.7:5070>', expires: 600 })).status, 200);

  const query = await reg('r3', 1, { contact: null });
  assert.equal(query.status, 200);
  const listed = (header(query.text, 'Contact') ?? '').split(', ').sort();
  assert.equal(listed.length, 2, `both bindings listed: ${listed.join(' | ')}`);
  assert.match(listed[0] ?? '', /^<sip:alice@127\.0\.0\.1:\d+>;expires=1[78]\d\d$/);
  assert.match(listed[1] ?? '', /^<sip:alice@192\.0\.2\.7:5070>;expires=(600|59\d)$/);

  const brief = await reg('r4', 1, { expires: 10 });
  assert.equal(brief.status, 423);
  assert.equal(header(brief.text, 'Min-Expires'), '60');

  // malformed requests are refused before any challenge
  c.register({ user, callId: 'r5', cseq: 1, contact: '*', expires: 600 });
  assert.equal((await c.final()).status, 400, 'Contact: * needs Expires: 0');
  c.register({ user, callId: 'r6', cseq: 1, contact: '<not a uri>' });
  assert.equal((await c.final()).status, 400);
  assert.equal(await rig.waitForContacts(user, 2).then((l) => l.length), 2);

  const all = await reg('r7', 1, { contact: '*', expires: 0 });
  assert.equal(all.status, 200);
  assert.equal(header(all.text, 'Contact'), undefined);
  await rig.waitForContacts(user, 0);
});
