// Issue 2, point 7: srf.request sends an OPTIONS out of dialog and gets the far end's 200; an
// INVITE that no connected app has routed (none connected, or one that only takes OPTIONS) gets
// 503 from the engine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRANSPORTS, startRig, withTimeout } from '../helpers/rig.js';
import { assertSippOk, scenario } from '../helpers/sipp.js';
import { finalResponse, sendRequest } from '../helpers/srf-api.js';

const xml = (file: string): string => scenario('options-and-503', file);

for (const transport of TRANSPORTS) {
  test(`options-and-503 over ${transport}`, async (t) => {
    const rig = await startRig(t);

    await t.test('INVITE with no app connected: 503', async () => {
      await rig.runUac({ scenario: xml('uac-expect-503.xml'), transport });
    });

    const srf = await rig.connectApp();
    srf.use('options', (_req, res) => res.send(200));

    await t.test('INVITE with an app that routes only OPTIONS: 503', async () => {
      await rig.runUac({ scenario: xml('uac-expect-503.xml'), transport });
    });

    await t.test('srf.request OPTIONS out of dialog: 200 from the far end', async () => {
      const far = await rig.sipp({ scenario: xml('uas-answer-options.xml'), transport });
      const uri = `sip:127.0.0.1:${far.port};transport=${transport}`;
      const sent = await withTimeout(sendRequest(srf, uri, { method: 'OPTIONS' }), 5000, 'OPTIONS sent');
      const res = await withTimeout(finalResponse(sent), 5000, 'OPTIONS response');
      assert.equal(res.status, 200);
      assert.match(res.get('Allow'), /INVITE/);
      assertSippOk(await far.done, 'UAS');
    });
    await rig.expectNoDialogs();
  });
}
