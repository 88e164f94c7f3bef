// RFC 3262 §3: a UAS must not send a reliable provisional to a UAC that did not say it
// supports 100rel. An app that asks for one anyway (`Require: 100rel` on its 180) gets
// drachtio-server's refusal, and nothing reaches the caller; the app's unreliable 180 and
// 200 then go through. And a PRACK that names no reliable provisional gets 481.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type Srf from 'drachtio-srf';
import { startEngineRig } from '../../helpers/engine-rig.js';
import { RawSipPeer, sdp } from '../../helpers/raw-sip-peer.js';

const header = (msg: string, name: string): string => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(msg)?.[1]?.trim() ?? '';

describe('reliable provisionals the UAC cannot take', { timeout: 30_000 }, () => {
  test('a reliable 180 to a caller without 100rel is refused to the app and never sent', async (t) => {
    const rig = await startEngineRig(t);
    const srf = await rig.connectApp();
    const refusal: { err?: string } = {};
    srf.invite((_req: Srf.SrfRequest, res: Srf.SrfResponse) => {
      res.send(180, 'Ringing', { headers: { Require: '100rel' } }, (err?: unknown) => {
        refusal.err = err === undefined || err === null ? 'sent' : String(err);
        res.send(180, 'Ringing', {}, () => res.send(486));
      });
    });
    await new Promise((r) => setTimeout(r, 100));
    const peer = await RawSipPeer.open(t, '127.0.0.1', rig.sipPort);
    peer.send(peer.request('INVITE', { callId: 'norel', body: sdp }));
    const ringing = await peer.next(/^SIP\/2\.0 180[\s\S]*Call-ID: norel/);
    assert.equal(header(ringing, 'rseq'), '', 'the 180 that went out is the unreliable one');
    assert.doesNotMatch(header(ringing, 'require'), /100rel/);
    assert.match(await peer.next(/^SIP\/2\.0 486[\s\S]*Call-ID: norel/), /^SIP\/2\.0 486/);
    assert.match(refusal.err ?? '', /does not support 100rel/, `the app was told: ${refusal.err}`);
  });

  test('a PRACK that matches no reliable provisional gets 481', async (t) => {
    const rig = await startEngineRig(t);
    const srf = await rig.connectApp();
    srf.invite((_req: Srf.SrfRequest, res: Srf.SrfResponse) => { res.send(180); });
    await new Promise((r) => setTimeout(r, 100));
    const peer = await RawSipPeer.open(t, '127.0.0.1', rig.sipPort);
    peer.send(peer.request('INVITE', { callId: 'stray', fromTag: 'caller', body: sdp, extra: ['Supported: 100rel'] }));
    const ringing = await peer.next(/^SIP\/2\.0 180[\s\S]*Call-ID: stray/);
    const toTag = /;tag=([^;\r\n]+)/.exec(header(ringing, 'to'))?.[1] ?? '';
    peer.send(peer.request('PRACK', { callId: 'stray', fromTag: 'caller', toTag, cseq: 2, extra: ['RAck: 1 1 INVITE'] }));
    assert.match(await peer.next(/^SIP\/2\.0 \d+[\s\S]*CSeq: 2 PRACK/), /^SIP\/2\.0 481/);
  });
});
