// Issue 4, point 2: sipp as a desk phone registers over UDP and over TCP with digest, the app
// rings it with callUser and it answers; the app hangs up; the phone unregisters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callUser } from '../../../server/sip/call-user.js';
import { APP_SDP, TRANSPORTS } from '../../sip/helpers/rig.js';
import { assertSippOk } from '../../sip/helpers/sipp.js';
import { ALICE, startPhoneRig, withTimeout } from '../helpers/phone-rig.js';
import { startDeskPhone } from '../helpers/desk-phone.js';

for (const transport of TRANSPORTS) {
  test(`desk phone (sipp) over ${transport}: register with digest, called, unregister`, { timeout: 30_000 }, async (t) => {
    const rig = await startPhoneRig(t);
    const phone = await startDeskPhone({ target: rig.target, transport, user: ALICE.username, password: ALICE.password, onCall: 'answer', holdMs: 3000 });
    t.after(() => phone.kill());
    const [contact] = await rig.waitForContacts(ALICE.username, 1);
    assert.equal(contact?.toLowerCase(), `sip:alice@127.0.0.1:${phone.port};transport=${transport}`);
    const row = (await rig.repos.registrations.live(rig.registrar.aorOf(ALICE.username)))[0];
    assert.equal(row?.transport, transport);
    assert.equal(row?.user_agent, 'Yealink SIP-T46S 66.86.0.15');

    const call = await withTimeout(callUser(rig.srf, rig.repos.registrations, rig.registrar.aorOf(ALICE.username), { localSdp: APP_SDP }), 5000, 'call');
    assert.match(call.dialog.remote.sdp, /m=audio 42000/);
    await new Promise<void>((resolve, reject) => call.dialog.destroy(undefined, (err) => (err ? reject(err as Error) : resolve())));

    assertSippOk(await phone.done, 'desk phone');
    await rig.waitForContacts(ALICE.username, 0);
  });
}
