// A method SIP knows that nobody serves here (MESSAGE or PUBLISH outside a dialog, REFER
// outside a dialog) gets 405 Method Not Allowed with Allow naming what we do serve (RFC 3261
// §8.2.1); a method no SIP RFC defines gets 501 Not Implemented, in or out of a dialog, with
// the same Allow. Allow grows with the verbs connected apps route (REGISTER with a registrar).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Srf from 'drachtio-srf';
import { startEngineRig } from '../helpers/engine-rig.js';
import { RawSipPeer } from '../helpers/raw-sip-peer.js';
import { header } from '../../e2e/helpers/node-phone.js';

async function send(peer: RawSipPeer, method: string, o: { toTag?: string } = {}): Promise<string> {
  const callId = `m-${method}-${Math.random().toString(36).slice(2)}`;
  const extra = method === 'REFER' ? ['Refer-To: <sip:other@127.0.0.1>'] : method === 'PUBLISH' ? ['Event: presence'] : [];
  peer.send(peer.request(method, { callId, extra, ...o }));
  return peer.next(new RegExp(`^SIP/2\\.0 [2-6]\\d\\d[\\s\\S]*Call-ID: ${callId}`));
}

const allowOf = (res: string): string[] => header(res, 'allow').split(/\s*,\s*/);

describe('methods nobody serves', { timeout: 60_000 }, () => {
  test('405 with Allow for known methods, 501 with Allow for unknown ones', async (t) => {
    const rig = await startEngineRig(t);
    const peer = await RawSipPeer.open(t, '127.0.0.1', rig.sipPort);
    const srf = await rig.connectApp();
    srf.invite((_req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(486));
    srf.use('register', (_req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(403));
    await new Promise((r) => setTimeout(r, 100));

    for (const method of ['MESSAGE', 'PUBLISH', 'REFER', 'NOTIFY', 'INFO']) {
      const res = await send(peer, method);
      assert.match(res, /^SIP\/2\.0 405 Method Not Allowed/, method);
      // INFO is allowed in calls, not outside them: a 405 never lists the method it refuses.
      assert.deepEqual(allowOf(res), ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO', 'REGISTER'].filter((m) => m !== method), `${method}: Allow`);
    }
    for (const method of ['FOOBAR', 'PING', 'DO']) {
      const res = await send(peer, method);
      assert.match(res, /^SIP\/2\.0 501 Not Implemented/, method);
      assert.ok(allowOf(res).includes('INVITE'), `${method}: Allow present`);
    }
    // Unknown inside a dialog too: refused before the dialog is even looked up.
    assert.match(await send(peer, 'FOOBAR', { toTag: 'nodialog' }), /^SIP\/2\.0 501/);
    // Outside a dialog BYE stays 481 (RFC 3261 §15.1.2), as drachtio-server answers it.
    assert.match(await send(peer, 'BYE'), /^SIP\/2\.0 481/);
    // A MESSAGE an app routes is the app's.
    srf.use('message', (_req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(202));
    await new Promise((r) => setTimeout(r, 100));
    assert.match(await send(peer, 'MESSAGE'), /^SIP\/2\.0 202/);
    assert.ok(allowOf(await send(peer, 'PUBLISH')).includes('MESSAGE'), 'Allow now lists MESSAGE');
  });
});
