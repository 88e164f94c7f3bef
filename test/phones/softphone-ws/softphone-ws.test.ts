// Issue 4, point 1: a sip.js softphone registers over WS and over WSS with digest (HA1 only),
// the app calls it with callUser (createUAC toward its registered .invalid contact) and it
// answers; BYE from the app, then a second call and BYE from the phone; unregister removes
// the registration.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { SessionState } from 'sip.js';
import { callUser } from '../../../server/sip/call-user.js';
import { APP_SDP } from '../../sip/helpers/rig.js';
import { ALICE, REALM, startPhoneRig, withTimeout } from '../helpers/phone-rig.js';
import { hangUp, startSipJsPhone } from '../helpers/sipjs-phone.js';

for (const scheme of ['ws', 'wss'] as const) {
  test(`softphone over ${scheme}: register, called, BYE both ways, unregister`, { timeout: 30_000 }, async (t) => {
    const rig = await startPhoneRig(t);
    const phone = await startSipJsPhone({ server: scheme === 'ws' ? rig.wsUrl : rig.wssUrl, user: ALICE.username, password: ALICE.password, realm: REALM });
    t.after(() => phone.stop());
    await phone.register();
    const [contact] = await rig.waitForContacts(ALICE.username, 1);
    assert.match(contact ?? '', /\.invalid/, 'sip.js registers a .invalid contact');
    const row = (await rig.repos.registrations.live(rig.registrar.aorOf(ALICE.username)))[0];
    assert.equal(row?.transport, scheme);
    assert.equal(row?.source_address, '127.0.0.1');
    assert.match(row?.user_agent ?? '', /SIP\.js/);

    // call 1: the app hangs up
    const aor = rig.registrar.aorOf(ALICE.username);
    const first = await withTimeout(callUser(rig.srf, rig.repos.registrations, aor, { localSdp: APP_SDP }), 5000, 'call 1');
    assert.match(first.dialog.remote.sdp, /m=audio 41000/);
    const inv1 = await phone.nextCall(SessionState.Established);
    first.dialog.destroy();
    await withTimeout(new Promise<void>((resolve) => {
      if (inv1.state === SessionState.Terminated) return resolve();
      inv1.stateChange.addListener((s) => { if (s === SessionState.Terminated) resolve(); });
    }), 5000, 'phone sees BYE');

    // call 2: the phone hangs up
    const second = await withTimeout(callUser(rig.srf, rig.repos.registrations, aor, { localSdp: APP_SDP }), 5000, 'call 2');
    const inv2 = await phone.nextCall(SessionState.Established);
    const destroyed = once(second.dialog, 'destroy');
    await hangUp(inv2);
    await withTimeout(destroyed, 5000, 'app sees BYE');

    await phone.unregister();
    await rig.waitForContacts(ALICE.username, 0);
    assert.equal(rig.engine.stats().activeDialogs, 0, 'no dialog left in the engine');
  });
}
