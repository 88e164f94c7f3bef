// From, To and Contact leave the engine in drachtio-server's `<sip:…>` name-addr form even when
// the app wrote a bare `sip:…` URI, with the header parameters (tag, expires, ...) outside the
// brackets; a Contact the engine writes itself is bracketed too. An answer's From and To stay
// exactly as the peer wrote them (they identify its dialog); only the app's Contact is rewritten.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Srf from 'drachtio-srf';
import { startEngineRig } from '../helpers/engine-rig.js';
import { RawSipPeer, header, sdp } from '../helpers/raw-sip-peer.js';
import { nameAddr } from '../../../server/engine/core/name-addr-form.js';

function answer(req: string, status: string): string {
  const keep = req.split('\r\n').filter((l) => /^(via|from|call-id|cseq):/i.test(l));
  return [`SIP/2.0 ${status}`, ...keep, `To: ${header(req, 'to')};tag=far`, 'Content-Length: 0', '', ''].join('\r\n');
}

describe('name-addr form of From, To and Contact', { timeout: 60_000 }, () => {
  test('the rewrite: params outside the brackets, name-addrs and * untouched', () => {
    assert.equal(nameAddr('sip:alice@127.0.0.1'), '<sip:alice@127.0.0.1>');
    assert.equal(nameAddr('sip:alice@127.0.0.1:5070;tag=abc'), '<sip:alice@127.0.0.1:5070>;tag=abc');
    assert.equal(nameAddr('sips:bob@example.com;expires=60'), '<sips:bob@example.com>;expires=60');
    assert.equal(nameAddr('"Alice" <sip:alice@h>;tag=1'), '"Alice" <sip:alice@h>;tag=1');
    assert.equal(nameAddr('<sip:alice@h>'), '<sip:alice@h>');
    assert.equal(nameAddr('*'), '*');
    assert.equal(nameAddr('tel:+15551234'), 'tel:+15551234');
  });

  test('an INVITE an app sends with bare URIs goes out as <sip:…>', async (t) => {
    const rig = await startEngineRig(t);
    const srf = await rig.connectApp();
    const far = await RawSipPeer.open(t, '127.0.0.1', rig.sipPort);
    const uri = `sip:bob@127.0.0.1:${far.port}`;
    const call = srf.createUAC(uri, {
      localSdp: sdp,
      headers: { From: 'sip:alice@127.0.0.1', To: `sip:bob@127.0.0.1:${far.port}`, Contact: `sip:alice@127.0.0.1:${rig.sipPort}` },
    }).catch((err: unknown) => err);
    const invite = await far.next(/^INVITE /);
    far.send(answer(invite, '486 Busy Here'));
    assert.equal((await call as { status?: number }).status, 486);
    assert.match(header(invite, 'from'), /^<sip:alice@127\.0\.0\.1>;tag=\S+$/);
    assert.equal(header(invite, 'to'), `<sip:bob@127.0.0.1:${far.port}>`);
    assert.equal(header(invite, 'contact'), `<sip:alice@127.0.0.1:${rig.sipPort}>`);
    // What drachtio's CI scenarios do with it: the target out of `sip:(.*)>`.
    assert.equal(/sip:(.*)>/.exec(header(invite, 'contact'))?.[1], `alice@127.0.0.1:${rig.sipPort}`);

    const plain = srf.createUAC(uri, { localSdp: sdp }).catch((err: unknown) => err);
    const invite2 = await far.next(/^INVITE /);
    far.send(answer(invite2, '486 Busy Here'));
    await plain;
    assert.match(header(invite2, 'contact'), /^<sip:127\.0\.0\.1:\d+>$/, 'the engine\'s own Contact is bracketed');
    assert.match(header(invite2, 'from'), /^<sip:[^>]+>;tag=/);
  });

  test('an app\'s bare Contact in an answer is bracketed; the peer\'s From and To are echoed as written', async (t) => {
    const rig = await startEngineRig(t);
    const srf = await rig.connectApp();
    srf.use('options', (_req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(200, { headers: { Contact: `sip:app@127.0.0.1:${rig.sipPort};expires=30` } }));
    const peer = await RawSipPeer.open(t, '127.0.0.1', rig.sipPort);
    const callId = `nameaddr-${Date.now()}`;
    peer.send([
      `OPTIONS sip:svc@127.0.0.1:${rig.sipPort} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bK${Date.now()};rport`,
      'Max-Forwards: 70',
      `From: sip:peer@127.0.0.1;tag=p1`,
      `To: sip:svc@127.0.0.1:${rig.sipPort}`,
      `Call-ID: ${callId}`,
      'CSeq: 1 OPTIONS',
      'Content-Length: 0', '', '',
    ].join('\r\n'));
    const ok = await peer.next(/^SIP\/2\.0 200/);
    assert.equal(header(ok, 'from'), 'sip:peer@127.0.0.1;tag=p1');
    assert.match(header(ok, 'to'), new RegExp(`^sip:svc@127\\.0\\.0\\.1:${rig.sipPort};tag=\\S+$`));
    assert.equal(header(ok, 'contact'), `<sip:app@127.0.0.1:${rig.sipPort}>;expires=30`);
  });
});
