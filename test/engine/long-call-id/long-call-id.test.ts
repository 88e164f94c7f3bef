// A B2BUA call whose caller uses a 200-character Call-ID (drachtio-server's CI fixture "b2b:
// handle long call ID") completes: the callee hangs up with a BYE aimed at the engine's Contact
// (taken out with `sip:(.*)>`, as that fixture does), the app relays it, and the caller gets
// the BYE on its long Call-ID and answers 200. Over UDP and TCP.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TRANSPORTS, startRig, waitFor } from '../../sip/helpers/rig.js';
import { assertSippOk, repoRoot } from '../../sip/helpers/sipp.js';

const xml = (file: string): string => join(repoRoot(), 'test', 'engine', 'long-call-id', file);
/** Exactly 200 characters, unique per run (sipp takes it literally; %u is the call number). */
const longCallId = (): string => {
  const tail = `@127.0.0.1`;
  const head = `%u-${Date.now()}-`;
  return head + 'c'.repeat(200 - (head.length - 1) - tail.length) + tail;
};

describe('a 200-character Call-ID', { timeout: 60_000 }, () => {
  for (const transport of TRANSPORTS) {
    test(`B2BUA over ${transport}: the callee's BYE reaches the caller`, async (t) => {
      const rig = await startRig(t);
      const srf = await rig.connectApp();
      let calleePort = 0;
      const seen: { callId?: string; ended: number } = { ended: 0 };
      srf.invite((req, res) => {
        seen.callId = req.get('Call-ID');
        srf.createB2BUA(req, res, `sip:callee@127.0.0.1:${calleePort};transport=${transport}`, { localSdpB: req.body })
          .then(({ uas, uac }) => {
            uac.on('destroy', () => { seen.ended++; uas.destroy(); });
            uas.on('destroy', () => { seen.ended++; uac.destroy(); });
          }, (err: unknown) => t.diagnostic(`createB2BUA failed: ${String(err)}`));
      });
      const callee = await rig.sipp({ scenario: xml('callee-bye-to-contact.xml'), transport });
      calleePort = callee.port;
      const cid = longCallId();
      await rig.runUac({ scenario: xml('caller-recv-bye.xml'), transport, extra: ['-cid_str', cid] });
      assertSippOk(await callee.done, 'callee');
      assert.equal(seen.callId?.length, 200, `the app saw the 200-character Call-ID: ${seen.callId}`);
      await waitFor(() => seen.ended >= 1, 5000).catch(() => undefined);
      assert.equal(seen.ended, 1, 'the B leg BYE reached the app once');
      await rig.expectNoDialogs();
      t.diagnostic(`Call-ID of ${seen.callId?.length ?? 0} characters: BYE relayed and answered over ${transport}`);
    });
  }
});
