// Issue 2, point 4: the app places a call with srf.createUAC toward a sipp UAS: 180, 200, ACK,
// then BYE from each side; a 486 from the far end surfaces as an error with status 486. Over UDP
// a retransmitted 200 (the far end lost our ACK) must be ACKed again.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import type Srf from 'drachtio-srf';
import { APP_SDP, TRANSPORTS, startRig, withTimeout } from '../helpers/rig.js';
import { assertSippOk, scenario, type SipTransport } from '../helpers/sipp.js';
import { sipStatus } from '../helpers/srf-api.js';

const xml = (file: string): string => scenario('uac-basic', file);

function call(srf: Srf, port: number, transport: SipTransport, seen180: () => void): Promise<Srf.Dialog> {
  return srf.createUAC(`sip:service@127.0.0.1:${port};transport=${transport}`, { localSdp: APP_SDP }, {
    cbProvisional: (res) => { if (res.status === 180) seen180(); },
  });
}

for (const transport of TRANSPORTS) {
  test(`uac-basic over ${transport}`, async (t) => {
    const rig = await startRig(t);
    const srf = await rig.connectApp();

    await t.test('answered, then the app hangs up', async () => {
      const far = await rig.sipp({ scenario: xml('uas-answer-wait-bye.xml'), transport });
      let ringing = false;
      const dialog = await withTimeout(call(srf, far.port, transport, () => { ringing = true; }), 5000, 'createUAC');
      assert.ok(ringing, 'the 180 reached the app');
      assert.match(dialog.remote.sdp, /m=audio/);
      await new Promise((r) => setTimeout(r, 200)); // let our ACK reach the far end before the BYE
      await new Promise<void>((resolve, reject) => dialog.destroy(undefined, (err) => (err ? reject(err) : resolve())));
      assertSippOk(await far.done, 'UAS');
      await rig.expectNoDialogs();
    });

    await t.test('answered, then the far end hangs up: the dialog emits destroy', async () => {
      const far = await rig.sipp({ scenario: xml('uas-answer-send-bye.xml'), transport });
      const dialog = await withTimeout(call(srf, far.port, transport, () => undefined), 5000, 'createUAC');
      await withTimeout(once(dialog, 'destroy'), 5000, 'dialog destroy');
      assertSippOk(await far.done, 'UAS');
      await rig.expectNoDialogs();
    });

    if (transport === 'udp') {
      await t.test('a retransmitted 200 is ACKed again', async () => {
        const far = await rig.sipp({ scenario: xml('uas-resend-200.xml'), transport, extra: ['-nr'] });
        const dialog = await withTimeout(call(srf, far.port, transport, () => undefined), 5000, 'createUAC');
        await new Promise((r) => setTimeout(r, 500)); // the second 200 and its ACK cross meanwhile
        dialog.destroy();
        assertSippOk(await far.done, 'UAS');
        await rig.expectNoDialogs();
      });
    }

    await t.test('far end busy: createUAC rejects with status 486', async () => {
      const far = await rig.sipp({ scenario: xml('uas-reject-486.xml'), transport });
      const err: unknown = await withTimeout(call(srf, far.port, transport, () => undefined), 5000, 'createUAC')
        .then(() => assert.fail('createUAC resolved on a 486'), (e: unknown) => e);
      assert.equal(sipStatus(err), 486);
      assertSippOk(await far.done, 'UAS');
      await rig.expectNoDialogs();
    });
  });
}
