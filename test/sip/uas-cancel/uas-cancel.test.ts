// Issue 2, point 2: the caller CANCELs while the app lets the call ring. The caller gets 200
// (CANCEL) and 487 (INVITE) from the engine, the app gets its `cancel` event and no dialog is
// left behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRANSPORTS, startRig, waitFor } from '../helpers/rig.js';
import { scenario } from '../helpers/sipp.js';

for (const transport of TRANSPORTS) {
  test(`uas-cancel over ${transport}`, async (t) => {
    const rig = await startRig(t);
    const srf = await rig.connectApp();
    let cancelled = 0;
    srf.invite((req, res) => {
      req.on('cancel', () => { cancelled++; });
      res.send(180); // and never answer: only the caller can end this call
    });

    await rig.runUac({ scenario: scenario('uas-cancel', 'uac-cancel-while-ringing.xml'), transport });
    await waitFor(() => cancelled > 0, 3000).catch(() => undefined);
    assert.equal(cancelled, 1, 'the app saw exactly one cancel event');
    await rig.expectNoDialogs();
  });
}
