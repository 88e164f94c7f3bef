// Issue 2, point 5: sipp -> engine -> srf.createB2BUA -> engine -> sipp. The call is answered,
// put on hold by the caller and taken off hold by the callee (re-INVITE both ways, relayed by the
// app), carries an INFO and ends with the callee's BYE. A caller slow to ACK still gets the
// callee ACKed; a caller giving up while the callee rings has its CANCEL propagated.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Srf from 'drachtio-srf';
import { TRANSPORTS, startRig, waitFor } from '../helpers/rig.js';
import { assertSippOk, scenario, type SipTransport } from '../helpers/sipp.js';
import { dialogRequest, sipStatus } from '../helpers/srf-api.js';

const xml = (file: string): string => scenario('b2bua', file);

/** What the app saw, for the assertions. */
interface Seen { modifies: string[]; infos: number; destroys: number; failure?: number }

/** Relays re-INVITEs, INFOs and the hangup from one leg to the other, as a B2BUA app must. */
function relay(from: Srf.Dialog, to: Srf.Dialog, leg: string, seen: Seen): void {
  from.on('modify', (req, res) => {
    seen.modifies.push(leg);
    to.modify(req.body).then((sdp) => res.send(200, { body: sdp }), () => res.send(500));
  });
  from.on('info', (req, res) => {
    seen.infos++;
    dialogRequest(to, { method: 'INFO', headers: { 'Content-Type': req.get('Content-Type') }, body: req.body })
      .then((r) => res.send(r.status), () => res.send(500));
  });
  from.on('destroy', () => { seen.destroys++; to.destroy(); });
}

function b2buaApp(srf: Srf, calleePort: () => number, transport: SipTransport, seen: Seen): void {
  srf.invite((req, res) => {
    srf.createB2BUA(req, res, `sip:callee@127.0.0.1:${calleePort()};transport=${transport}`, { localSdpB: req.body })
      .then(({ uas, uac }) => {
        relay(uas, uac, 'from-caller', seen);
        relay(uac, uas, 'from-callee', seen);
      }, (err: unknown) => {
        seen.failure = sipStatus(err) ?? -1;
      });
  });
}

for (const transport of TRANSPORTS) {
  test(`b2bua over ${transport}`, async (t) => {
    const rig = await startRig(t);
    const srf = await rig.connectApp();
    let calleePort = 0;
    const seen: Seen = { modifies: [], infos: 0, destroys: 0 };
    b2buaApp(srf, () => calleePort, transport, seen);

    await t.test('answer, hold and unhold both ways, INFO, BYE', async () => {
      const callee = await rig.sipp({ scenario: xml('callee-hold-info.xml'), transport });
      calleePort = callee.port;
      await rig.runUac({ scenario: xml('caller-hold-info.xml'), transport });
      assertSippOk(await callee.done, 'callee');
      assert.deepEqual(seen.modifies, ['from-caller', 'from-callee']);
      assert.equal(seen.infos, 1);
      await waitFor(() => seen.destroys === 1, 5000).catch(() => undefined);
      assert.equal(seen.destroys, 1, 'the B leg BYE reached the app once');
      await rig.expectNoDialogs();
    });

    await t.test('the caller ACKs late: the callee still gets its ACK', async () => {
      Object.assign(seen, { modifies: [], infos: 0, destroys: 0 });
      const callee = await rig.sipp({ scenario: scenario('uac-basic', 'uas-answer-wait-bye.xml'), transport });
      calleePort = callee.port;
      await rig.runUac({ scenario: xml('caller-late-ack.xml'), transport });
      assertSippOk(await callee.done, 'callee');
      await rig.expectNoDialogs();
    });

    await t.test('caller gives up while the callee rings: CANCEL propagated', async () => {
      Object.assign(seen, { modifies: [], infos: 0, destroys: 0 });
      const callee = await rig.sipp({ scenario: xml('callee-ringing-cancelled.xml'), transport });
      calleePort = callee.port;
      await rig.runUac({ scenario: scenario('uas-cancel', 'uac-cancel-while-ringing.xml'), transport });
      assertSippOk(await callee.done, 'callee');
      await waitFor(() => seen.failure !== undefined, 5000).catch(() => undefined);
      assert.equal(seen.failure, 487, 'createB2BUA rejected with the 487');
      await rig.expectNoDialogs();
    });
  });
}
