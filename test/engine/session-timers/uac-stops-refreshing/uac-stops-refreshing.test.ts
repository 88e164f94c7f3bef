// RFC 4028 in the engine, as drachtio-server does it (its reinvite-tests "generate BYE if uac
// does not refresh as agreed"): a caller offers Session-Expires: 90;refresher=uac to a
// drachtio-srf B2BUA that writes no session-timer header of its own, so the timer is the
// engine's. The 200 carries the agreed Session-Expires and Require: timer; the caller never
// refreshes; after 90 s the engine BYEs it (Reason "Session timer expired") and hands the app
// the same BYE as an unsolicited request, and the app hangs up the B leg. Waits out the
// 90 s floor of Min-SE, so UDP only (the timer does not depend on the transport).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startRig, waitFor } from '../../../sip/helpers/rig.js';
import { assertSippOk, repoRoot } from '../../../sip/helpers/sipp.js';

const xml = (file: string): string => join(repoRoot(), 'test', 'engine', 'session-timers', 'uac-stops-refreshing', file);

describe('session timer: the caller stops refreshing', { timeout: 150_000 }, () => {
  test('the engine BYEs the caller at expiry and the app, told, hangs up the B leg', async (t) => {
    const rig = await startRig(t);
    const srf = await rig.connectApp();
    let calleePort = 0;
    const seen: { reason?: string; aEnded?: number } = {};
    const answered = Date.now();
    srf.invite((req, res) => {
      srf.createB2BUA(req, res, `sip:callee@127.0.0.1:${calleePort}`, { localSdpB: req.body })
        .then(({ uas, uac }) => {
          uas.on('destroy', (msg?: { get(name: string): string }) => {
            seen.reason = msg?.get('Reason');
            seen.aEnded = Date.now();
            uac.destroy();
          });
          uac.on('destroy', () => uas.destroy());
        }, (err: unknown) => t.diagnostic(`createB2BUA failed: ${String(err)}`));
    });
    const callee = await rig.sipp({ scenario: xml('callee-waits-bye.xml'), transport: 'udp', timeoutSec: 130 });
    calleePort = callee.port;
    await rig.runUac({ scenario: xml('caller-stops-refreshing.xml'), transport: 'udp', timeoutSec: 130 });
    assertSippOk(await callee.done, 'callee (gets the app\'s BYE)');
    await waitFor(() => seen.aEnded !== undefined, 5000).catch(() => undefined);
    assert.ok(seen.aEnded, 'the app was told the A leg ended');
    assert.match(seen.reason ?? '', /Session timer expired/, 'the BYE the app got names the session timer');
    const afterSec = (seen.aEnded - answered) / 1000;
    assert.ok(afterSec >= 88 && afterSec < 100, `torn down at the end of the 90 s interval, not before: ${afterSec.toFixed(1)} s`);
    await rig.expectNoDialogs();
    t.diagnostic(`session expired and both legs ended ${afterSec.toFixed(1)} s after the answer`);
  });
});
