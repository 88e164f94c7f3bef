// RFC 3262 on the UAS side, drachtio-srf's own b2b.js case: the callee rings with a reliable
// 180, srf's createB2BUA PRACKs it and relays it, with the callee's `Require: 100rel`, to a
// caller that supports 100rel. The engine gives the relayed 180 an RSeq, retransmits it until
// the caller's PRACK (whose RAck must name that RSeq), hands the PRACK to the app, which
// answers it, and the call completes: 200, ACK, the caller's BYE relayed to the callee.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TRANSPORTS, startRig } from '../../../sip/helpers/rig.js';
import { assertSippOk, repoRoot } from '../../../sip/helpers/sipp.js';

const xml = (file: string): string => join(repoRoot(), 'test', 'engine', 'reliable-provisionals', 'b2bua-relays-reliable-180', file);

describe('a B2BUA relays a reliable 180', { timeout: 60_000 }, () => {
  for (const transport of TRANSPORTS) {
    test(`RSeq on the relayed 180, PRACK handled, call completes over ${transport}`, async (t) => {
      const rig = await startRig(t);
      const srf = await rig.connectApp();
      let calleePort = 0;
      const pracks: string[] = [];
      srf.invite((req, res) => {
        srf.createB2BUA(req, res, `sip:callee@127.0.0.1:${calleePort};transport=${transport}`, { localSdpB: req.body, proxyResponseHeaders: ['Require'] })
          .then(({ uas, uac }) => {
            uac.on('destroy', () => uas.destroy());
            uas.on('destroy', () => uac.destroy());
          }, (err: unknown) => t.diagnostic(`createB2BUA failed: ${String(err)}`));
      });
      srf.use('prack', (req, _res, next) => { pracks.push(req.get('RAck')); next(); });
      const callee = await rig.sipp({ scenario: xml('callee-reliable-180.xml'), transport });
      calleePort = callee.port;
      await rig.runUac({ scenario: xml('caller-prack.xml'), transport });
      assertSippOk(await callee.done, 'callee');
      assert.equal(pracks.length, 1, `the caller's PRACK reached the app once: ${pracks.join(' / ')}`);
      assert.match(pracks[0] ?? '', /^\d+ 1 INVITE$/, 'its RAck names the RSeq the engine gave the 180');
      await rig.expectNoDialogs();
    });
  }
});
