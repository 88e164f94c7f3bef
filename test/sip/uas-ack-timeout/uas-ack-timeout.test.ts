// Issue 2, point 3: the engine retransmits the app's 200 until the ACK arrives (UDP); with no ACK
// at all it gives up after Timer H (64*T1), BYEs the caller and the app's dialog emits destroy.
// T1 is 100 ms here so Timer H fires after 6.4 s instead of 32 s.
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { test } from 'node:test';
import { APP_SDP, TRANSPORTS, startRig, withTimeout } from '../helpers/rig.js';
import { scenario } from '../helpers/sipp.js';

const xml = (file: string): string => scenario('uas-ack-timeout', file);
const TIMERS = { t1: 100, t2: 4000, t4: 5000 };

for (const transport of TRANSPORTS) {
  test(`uas-ack-timeout over ${transport}`, async (t) => {
    const rig = await startRig(t, { timers: TIMERS });
    const srf = await rig.connectApp();
    const dialogs = new EventEmitter();
    let acks = 0;
    srf.invite((req, res) => {
      srf.createUAS(req, res, { localSdp: APP_SDP }).then((dialog) => {
        dialog.on('ack', () => { acks++; });
        dialog.on('destroy', () => dialogs.emit('destroy'));
      }, (err: Error) => t.diagnostic(`createUAS failed: ${err.message}`));
    });

    // drachtio-server retransmits the 200 over UDP only (protocol reference 3.3); TCP checks Timer H.
    if (transport === 'udp') {
      await t.test('the 200 is retransmitted until the ACK', async () => {
        const destroyed = once(dialogs, 'destroy');
        await rig.runUac({ scenario: xml('uac-ack-second-200.xml'), transport, extra: ['-nr'] });
        await withTimeout(destroyed, 3000, 'dialog destroy after the caller BYE');
        assert.equal(acks, 1, 'the one ACK reached the app');
        await rig.expectNoDialogs();
      });
    }

    await t.test('no ACK at all: BYE to the caller, destroy to the app', async () => {
      const destroyed = once(dialogs, 'destroy');
      const acksBefore = acks;
      const started = Date.now();
      await rig.runUac({ scenario: xml('uac-never-ack.xml'), transport, timeoutSec: 25 });
      await withTimeout(destroyed, 3000, 'dialog destroy after Timer H');
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 64 * TIMERS.t1 * 0.9, `BYE came after Timer H, not after ${elapsed} ms`);
      assert.equal(acks, acksBefore, 'no ACK invented for the app');
      await rig.expectNoDialogs();
    });
  });
}
