// Issue 4, point 5: a softphone's WebSocket drops without unregistering. A call to that user
// must not hang on the dead socket: it fails fast when that was the only contact, or goes to
// the other contact; either way the dead binding is removed so it is not rung again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callUser, CallUserError } from '../../../server/sip/call-user.js';
import { APP_SDP } from '../../sip/helpers/rig.js';
import { assertSippOk } from '../../sip/helpers/sipp.js';
import { ALICE, REALM, startPhoneRig, waitFor, withTimeout } from '../helpers/phone-rig.js';
import { startDeskPhone } from '../helpers/desk-phone.js';
import { startSipJsPhone } from '../helpers/sipjs-phone.js';

test('dropped WS, only contact: the call fails fast and the binding goes', { timeout: 30_000 }, async (t) => {
  const rig = await startPhoneRig(t);
  const soft = await startSipJsPhone({ server: rig.wsUrl, user: ALICE.username, password: ALICE.password, realm: REALM });
  t.after(() => soft.stop());
  await soft.register();
  await rig.waitForContacts(ALICE.username, 1);
  await soft.dropConnection();
  await new Promise((r) => setTimeout(r, 200)); // let the engine see the close

  const gone: string[] = [];
  rig.registrar.events.on('bindings-gone', (e) => gone.push(`${e.username} ${e.cause}`));
  const started = Date.now();
  const err = await withTimeout(
    callUser(rig.srf, rig.repos.registrations, rig.registrar.aorOf(ALICE.username), { localSdp: APP_SDP, ringTimeoutSec: 20, unbind: rig.registrar.unbindDead }).then(() => undefined, (e: unknown) => e),
    5000, 'call to a dropped phone');
  assert.ok(err instanceof CallUserError, `call fails with CallUserError, got ${String(err)}`);
  assert.equal(err.status, 480);
  assert.ok(Date.now() - started < 3000, `failed fast (${Date.now() - started} ms), not after the ring timeout`);
  await rig.waitForContacts(ALICE.username, 0);
  assert.equal(soft.invitations.length, 0);
  await waitFor(() => gone.length > 0, 2000);
  assert.deepEqual(gone, ['alice unreachable'], 'the registrar tells that the last binding went (the ACD logs the agent out)');
});

test('dropped WS beside a desk phone: the call goes to the desk phone', { timeout: 30_000 }, async (t) => {
  const rig = await startPhoneRig(t);
  const soft = await startSipJsPhone({ server: rig.wsUrl, user: ALICE.username, password: ALICE.password, realm: REALM });
  t.after(() => soft.stop());
  await soft.register();
  const desk = await startDeskPhone({ target: rig.target, transport: 'udp', user: ALICE.username, password: ALICE.password, onCall: 'answer', holdMs: 3000 });
  t.after(() => desk.kill());
  await rig.waitForContacts(ALICE.username, 2);
  await soft.dropConnection();
  await new Promise((r) => setTimeout(r, 200));

  const started = Date.now();
  const call = await withTimeout(callUser(rig.srf, rig.repos.registrations, rig.registrar.aorOf(ALICE.username), { localSdp: APP_SDP }), 5000, 'call');
  assert.equal(call.contact.transport, 'udp');
  assert.ok(Date.now() - started < 3000, `answered without waiting on the dead socket (${Date.now() - started} ms)`);
  const left = await rig.waitForContacts(ALICE.username, 1);
  assert.match(left[0] ?? '', /127\.0\.0\.1/, 'only the desk phone is still bound');
  await new Promise<void>((resolve, reject) => call.dialog.destroy(undefined, (e) => (e ? reject(e as Error) : resolve())));
  assertSippOk(await desk.done, 'desk phone');
});
