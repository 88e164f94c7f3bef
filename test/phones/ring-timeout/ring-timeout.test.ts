// callUser's ring timeout and abort: a desk phone that only rings is CANCELled when the ring
// timeout passes (CallUserError 408) or when the caller aborts (487); the phone answers the
// CANCEL with 487 either way (ooc-ring-cancel.xml).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callUser, CallUserError } from '../../../server/sip/call-user.js';
import { APP_SDP } from '../../sip/helpers/rig.js';
import { ALICE, startPhoneRig, withTimeout } from '../helpers/phone-rig.js';
import { startDeskPhone } from '../helpers/desk-phone.js';

for (const how of ['timeout', 'abort'] as const) {
  test(`ring no answer: ${how} CANCELs the ringing phone`, { timeout: 30_000 }, async (t) => {
    const rig = await startPhoneRig(t);
    const desk = await startDeskPhone({ target: rig.target, transport: 'udp', user: ALICE.username, password: ALICE.password, onCall: 'ring', holdMs: 3000 });
    t.after(() => desk.kill());
    await rig.waitForContacts(ALICE.username, 1);
    const legs: number[] = [];
    const abort = new AbortController();
    const started = Date.now();
    const call = callUser(rig.srf, rig.repos.registrations, rig.registrar.aorOf(ALICE.username), {
      localSdp: APP_SDP, ringTimeoutSec: how === 'timeout' ? 1 : 20, signal: abort.signal, onLegFailed: (_c, status) => legs.push(status),
    });
    if (how === 'abort') setTimeout(() => abort.abort(), 500);
    const err = await withTimeout(call.then(() => undefined, (e: unknown) => e), 5000, 'unanswered call');
    assert.ok(err instanceof CallUserError);
    assert.equal(err.status, how === 'timeout' ? 408 : 487);
    assert.ok(Date.now() - started < 4000, 'gave up on time');
    await withTimeout((async () => { while (legs.length === 0) await new Promise((r) => setTimeout(r, 20)); })(), 5000, 'leg ends');
    assert.deepEqual(legs, [487], 'the phone saw the CANCEL and ended its INVITE with 487');
  });
}
