// Issue 2, point 1: the app answers an INVITE from sipp (100, 180, 200, ACK) and the call ends
// with a BYE from either side; rejections 486 and 480 from the app reach the caller.
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { test } from 'node:test';
import type Srf from 'drachtio-srf';
import { APP_SDP, TRANSPORTS, startRig, withTimeout } from '../helpers/rig.js';
import { scenario } from '../helpers/sipp.js';

const xml = (file: string): string => scenario('uas-answer-bye', file);

/** Answers or rejects by the Request-URI user; reports each answered dialog's end. */
function uasApp(srf: Srf, ended: (how: 'remote-bye' | 'local-bye') => void): void {
  srf.invite((req, res) => {
    const user = req.uri.replace(/^sips?:/, '').split('@')[0];
    if (user === 'busy') return res.send(486);
    if (user === 'unavailable') return res.send(480);
    res.send(180);
    srf.createUAS(req, res, { localSdp: APP_SDP }).then((dialog) => {
      dialog.on('destroy', () => ended('remote-bye'));
      // hang up from the app side once the call is confirmed by the ACK
      if (user === 'hangup') dialog.once('ack', () => dialog.destroy(undefined, () => ended('local-bye')));
    }, (err: Error) => assert.fail(`createUAS failed: ${err.message}`));
  });
}

for (const transport of TRANSPORTS) {
  test(`uas-answer-bye over ${transport}`, async (t) => {
    const rig = await startRig(t);
    const srf = await rig.connectApp();
    const ends: string[] = [];
    const endEvents = new EventEmitter();
    uasApp(srf, (how) => { ends.push(how); endEvents.emit('end'); });

    const hangups = [
      { title: 'caller hangs up: the app dialog emits destroy', file: 'uac-caller-hangs-up.xml', service: 'answer', end: 'remote-bye' },
      { title: 'app hangs up: the caller gets the BYE', file: 'uac-app-hangs-up.xml', service: 'hangup', end: 'local-bye' },
    ] as const;
    for (const h of hangups) {
      await t.test(h.title, async () => {
        const ended = once(endEvents, 'end');
        await rig.runUac({ scenario: xml(h.file), transport, service: h.service });
        await withTimeout(ended, 3000, `the app's ${h.end}`);
        assert.equal(ends.pop(), h.end);
        await rig.expectNoDialogs();
      });
    }

    for (const [service, file] of [['busy', 'uac-expect-486.xml'], ['unavailable', 'uac-expect-480.xml']] as const) {
      await t.test(`app rejects (${service}): the caller gets it (${file})`, async () => {
        await rig.runUac({ scenario: xml(file), transport, service });
        await rig.expectNoDialogs();
      });
    }
  });
}
