// RFC 3261 §8.2.2.3: a request that Requires an option tag we do not support is refused with
// 420 Bad Extension and an Unsupported header naming exactly those tags, before any app sees
// it — INVITE (no 100 Trying first), OPTIONS, REGISTER, and inside a dialog too. ACK is never
// answered. Tags we support are in capabilities.ts (`timer`, `100rel`).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Srf from 'drachtio-srf';
import { startEngineRig } from '../helpers/engine-rig.js';
import { RawSipPeer, sdp } from '../helpers/raw-sip-peer.js';
import { header } from '../../e2e/helpers/node-phone.js';

describe('Require with an unsupported option tag', { timeout: 60_000 }, () => {
  test('420 Bad Extension + Unsupported, and the app never hears of it', async (t) => {
    const rig = await startEngineRig(t);
    const srf = await rig.connectApp();
    const seen: string[] = [];
    srf.invite((req: Srf.SrfRequest, res: Srf.SrfResponse) => { seen.push(req.get('Call-ID')); res.send(486); });
    srf.use('register', (req: Srf.SrfRequest, res: Srf.SrfResponse) => { seen.push(req.get('Call-ID')); res.send(403); });
    await new Promise((r) => setTimeout(r, 100));
    const peer = await RawSipPeer.open(t, '127.0.0.1', rig.sipPort);

    peer.send(peer.request('INVITE', { callId: 'rel', body: sdp, extra: ['Supported: timer', 'Require: precondition'] }));
    const first = await peer.next(/Call-ID: rel\r\n/);
    assert.match(first, /^SIP\/2\.0 420 Bad Extension/, 'the INVITE is refused at once, no 100 Trying before it');
    assert.equal(header(first, 'unsupported'), 'precondition');
    assert.match(header(first, 'to'), /;tag=/);

    // Several tags over two headers: each unsupported one named once, as the request wrote it;
    // `timer` (RFC 4028) and `100rel` (RFC 3262) are supported and not named.
    peer.send(peer.request('OPTIONS', { callId: 'many', extra: ['Require: 100rel, Foo-Ext, Timer', 'Require: foo-ext, precondition'] }));
    const many = await peer.next(/Call-ID: many\r\n/);
    assert.match(many, /^SIP\/2\.0 420/);
    assert.equal(header(many, 'unsupported'), 'Foo-Ext, precondition');

    peer.send(peer.request('REGISTER', { callId: 'path', extra: ['Require: path'] }));
    assert.equal(header(await peer.next(/Call-ID: path\r\n/), 'unsupported'), 'path');

    // ACK is never answered, whatever it Requires (RFC 3261 §8.2.2.3 excepts ACK and CANCEL).
    peer.send(peer.request('ACK', { callId: 'ack', extra: ['Require: 100rel'] }));
    // An INVITE that Requires only what we support reaches the app.
    peer.send(peer.request('INVITE', { callId: 'plain', body: sdp, extra: ['Require: timer', 'Session-Expires: 1800'] }));
    assert.match(await peer.next(/^SIP\/2\.0 486[\s\S]*Call-ID: plain/), /^SIP\/2\.0 486/);
    assert.deepEqual(seen, ['plain']);
    await assert.rejects(peer.next(/Call-ID: ack\r\n/, 300), /no message matching/, 'no answer to the ACK');
  });

  test('inside a dialog: a re-INVITE that Requires an extension we lack gets 420 and the call stays up', async (t) => {
    const rig = await startEngineRig(t);
    const srf = await rig.connectApp();
    let reinvites = 0;
    srf.invite((req: Srf.SrfRequest, res: Srf.SrfResponse) => {
      srf.createUAS(req, res, { localSdp: sdp }).then((d) => { d.on('modify', (_r: Srf.SrfRequest, rs: Srf.SrfResponse) => { reinvites++; rs.send(200, { body: sdp }); }); }, () => undefined);
    });
    await new Promise((r) => setTimeout(r, 100));
    const peer = await RawSipPeer.open(t, '127.0.0.1', rig.sipPort);
    peer.send(peer.request('INVITE', { callId: 'dlg', fromTag: 'caller', body: sdp }));
    const ok = await peer.next(/^SIP\/2\.0 200[\s\S]*Call-ID: dlg/);
    const toTag = /;tag=([^;\r\n]+)/.exec(header(ok, 'to'))?.[1] ?? '';
    peer.send(peer.request('ACK', { callId: 'dlg', fromTag: 'caller', toTag }));
    peer.send(peer.request('INVITE', { callId: 'dlg', fromTag: 'caller', toTag, cseq: 2, body: sdp, extra: ['Require: precondition'] }));
    assert.equal(header(await peer.next(/^SIP\/2\.0 420[\s\S]*Call-ID: dlg/), 'unsupported'), 'precondition');
    peer.send(peer.request('BYE', { callId: 'dlg', fromTag: 'caller', toTag, cseq: 3 }));
    assert.match(await peer.next(/^SIP\/2\.0 \d+[\s\S]*CSeq: 3 BYE/), /^SIP\/2\.0 200/, 'the dialog survived the refusal');
    assert.equal(reinvites, 0);
  });
});
