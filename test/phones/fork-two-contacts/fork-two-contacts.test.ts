// Issue 4, point 3: a user registered twice (a sip.js softphone over WS and a sipp desk phone
// over UDP) is rung on both at once; one answers, the other receives CANCEL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionState } from 'sip.js';
import { callUser } from '../../../server/sip/call-user.js';
import { APP_SDP } from '../../sip/helpers/rig.js';
import { assertSippOk } from '../../sip/helpers/sipp.js';
import { ALICE, REALM, startPhoneRig, withTimeout, type PhoneRig } from '../helpers/phone-rig.js';
import { startDeskPhone } from '../helpers/desk-phone.js';
import { startSipJsPhone, type SipJsPhone } from '../helpers/sipjs-phone.js';
import type { TestContext } from 'node:test';
import type { SippProcess } from '../../sip/helpers/sipp.js';

async function registerBoth(t: TestContext, rig: PhoneRig, softAnswersAfterMs: number | false, desk: 'answer' | 'ring'): Promise<{ soft: SipJsPhone; deskPhone: SippProcess }> {
  const soft = await startSipJsPhone({ server: rig.wsUrl, user: ALICE.username, password: ALICE.password, realm: REALM, answerAfterMs: softAnswersAfterMs });
  t.after(() => soft.stop());
  await soft.register();
  const deskPhone = await startDeskPhone({ target: rig.target, transport: 'udp', user: ALICE.username, password: ALICE.password, onCall: desk, holdMs: 3000 });
  t.after(() => deskPhone.kill());
  await rig.waitForContacts(ALICE.username, 2);
  return { soft, deskPhone };
}

test('fork: both ring, the softphone answers, the desk phone gets CANCEL', { timeout: 30_000 }, async (t) => {
  const rig = await startPhoneRig(t);
  const { soft, deskPhone } = await registerBoth(t, rig, 300, 'ring');
  const failed: { transport: string; status: number }[] = [];
  const call = await withTimeout(callUser(rig.srf, rig.repos.registrations, rig.registrar.aorOf(ALICE.username), {
    localSdp: APP_SDP, onLegFailed: (c, status) => failed.push({ transport: c.transport, status }),
  }), 5000, 'forked call');
  assert.equal(call.contact.transport, 'ws');
  await soft.nextCall(SessionState.Established);
  // the desk phone answers 487 only after it received our CANCEL (ooc-ring-cancel.xml)
  await withTimeout((async () => { while (failed.length === 0) await new Promise((r) => setTimeout(r, 20)); })(), 5000, 'desk leg ends');
  assert.deepEqual(failed, [{ transport: 'udp', status: 487 }]);
  call.dialog.destroy();
  assertSippOk(await deskPhone.done, 'desk phone');
});

test('fork: both ring, the desk phone answers, the softphone gets CANCEL', { timeout: 30_000 }, async (t) => {
  const rig = await startPhoneRig(t);
  const { soft, deskPhone } = await registerBoth(t, rig, false, 'answer');
  const call = await withTimeout(callUser(rig.srf, rig.repos.registrations, rig.registrar.aorOf(ALICE.username), { localSdp: APP_SDP }), 5000, 'forked call');
  assert.equal(call.contact.transport, 'udp');
  const ringing = soft.invitations[0];
  assert.ok(ringing, 'the softphone was rung too');
  await withTimeout(new Promise<void>((resolve) => {
    if (ringing.state === SessionState.Terminated) return resolve();
    ringing.stateChange.addListener((s) => { if (s === SessionState.Terminated) resolve(); });
  }), 5000, 'softphone call cancelled');
  assert.equal(soft.invitations.filter((i) => i.state === SessionState.Established).length, 0, 'the softphone never answered');
  await new Promise<void>((resolve, reject) => call.dialog.destroy(undefined, (err) => (err ? reject(err as Error) : resolve())));
  assertSippOk(await deskPhone.done, 'desk phone');
});
