// RFC 4028 §9 in a dialog whose session timer is the engine's: a refresh (re-INVITE) asking
// for less than Min-SE is refused by the engine with 422 and `Min-SE: 90` and never reaches
// the app (drachtio-server's processRequestInsideDialog); the retry at 120 s goes to the app,
// which answers it. The initial offer of 60 s is raised to 90 s in the 200, as drachtio does.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TRANSPORTS, startRig } from '../../../sip/helpers/rig.js';
import { repoRoot } from '../../../sip/helpers/sipp.js';
import { APP_SDP } from '../../../sip/helpers/app-sdp.js';

const xml = (file: string): string => join(repoRoot(), 'test', 'engine', 'session-timers', 'interval-too-small', file);

describe('session timer: an interval below Min-SE', { timeout: 60_000 }, () => {
  for (const transport of TRANSPORTS) {
    test(`a refresh of 60 s gets 422 with Min-SE: 90 over ${transport}; the app sees only the 120 s one`, async (t) => {
      const rig = await startRig(t);
      const srf = await rig.connectApp();
      const refreshes: string[] = [];
      srf.invite((req, res) => {
        srf.createUAS(req, res, { localSdp: APP_SDP }).then((dlg) => {
          dlg.on('modify', (re: { get(n: string): string }, answer: { send(s: number, o: object): void }) => {
            refreshes.push(re.get('Session-Expires'));
            answer.send(200, { body: APP_SDP, headers: { 'Content-Type': 'application/sdp' } });
          });
        }, (err: unknown) => t.diagnostic(`createUAS failed: ${String(err)}`));
      });
      await rig.runUac({ scenario: xml('caller-refresh-too-small.xml'), transport });
      assert.deepEqual(refreshes, ['120;refresher=uac'], 'only the refresh at 120 s reached the app');
      await rig.expectNoDialogs();
    });
  }
});
