// A SUBSCRIBE for an event package nobody serves — a phone's message-waiting (message-summary),
// presence, dialog, or a `refer` subscription outside any dialog — gets 489 Bad Event (RFC 6665
// §8.2.1), which tells the phone to stop, not 503, which invites it to retry. With no app at
// all the service is down and 503 stays true. An app that routes SUBSCRIBE decides itself.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Srf from 'drachtio-srf';
import { startEngineRig } from '../helpers/engine-rig.js';
import { RawSipPeer } from '../helpers/raw-sip-peer.js';
import { header } from '../../e2e/helpers/node-phone.js';

async function subscribe(peer: RawSipPeer, event: string): Promise<string> {
  const callId = `sub-${event}-${Math.random().toString(36).slice(2)}`;
  peer.send(peer.request('SUBSCRIBE', { callId, extra: [`Event: ${event}`, 'Expires: 3600', 'Accept: application/simple-message-summary'] }));
  return peer.next(new RegExp(`^SIP/2\\.0 [2-6]\\d\\d[\\s\\S]*Call-ID: ${callId}`));
}

describe('SUBSCRIBE for an event nobody serves', { timeout: 60_000 }, () => {
  test('489 Bad Event with Allow while apps are up; 503 with none; the app\'s answer when it routes SUBSCRIBE', async (t) => {
    const rig = await startEngineRig(t);
    const peer = await RawSipPeer.open(t, '127.0.0.1', rig.sipPort);
    assert.match(await subscribe(peer, 'message-summary'), /^SIP\/2\.0 503/, 'no app connected');

    const srf = await rig.connectApp();
    srf.invite((_req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(486));
    await new Promise((r) => setTimeout(r, 100));
    for (const event of ['message-summary', 'presence', 'dialog', 'refer']) {
      const res = await subscribe(peer, event);
      assert.match(res, /^SIP\/2\.0 489 Bad Event/, `Event: ${event}`);
      assert.match(header(res, 'allow'), /INVITE/);
      assert.doesNotMatch(header(res, 'allow'), /SUBSCRIBE/, 'SUBSCRIBE is not offered when nobody serves it');
      assert.equal(header(res, 'allow-events'), '', 'no package to list');
    }

    const presence = await rig.connectApp();
    presence.use('subscribe', (req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(req.get('Event') === 'presence' ? 202 : 489, { headers: { 'Allow-Events': 'presence' } }));
    await new Promise((r) => setTimeout(r, 100));
    assert.match(await subscribe(peer, 'presence'), /^SIP\/2\.0 202/);
    const mwi = await subscribe(peer, 'message-summary');
    assert.match(mwi, /^SIP\/2\.0 489/);
    assert.equal(header(mwi, 'allow-events'), 'presence', 'the serving app names its packages');
  });
});
