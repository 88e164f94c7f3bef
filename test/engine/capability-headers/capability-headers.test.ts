// Allow and Supported on what the engine sends for apps (RFC 3261 §20.5, §20.37): INVITEs it
// sends (Supported: 100rel — the engine keeps a reliable provisional's early dialog and
// drachtio-srf PRACKs it) and 2xx answers to INVITE; an app that sets its own keeps them,
// never doubled. An app's 405/501 gets the Allow RFC 3261 §21.4.6 requires when it left it out.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Srf from 'drachtio-srf';
import { startEngineRig } from '../helpers/engine-rig.js';
import { RawSipPeer, sdp } from '../helpers/raw-sip-peer.js';
import { header } from '../../e2e/helpers/node-phone.js';
import { uacOptionTags, uasOptionTags } from '../../../server/engine/core/capabilities.js';

const count = (msg: string, name: string): number => msg.split('\r\n').filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)).length;

/** A final response to `req` as a far end would write it. */
function answer(req: string, status: string): string {
  const keep = req.split('\r\n').filter((l) => /^(via|from|call-id|cseq):/i.test(l));
  return [`SIP/2.0 ${status}`, ...keep, `To: ${header(req, 'to')};tag=far`, 'Content-Length: 0', '', ''].join('\r\n');
}

describe('Allow and Supported on what the engine sends', { timeout: 60_000 }, () => {
  test('INVITEs sent for an app carry Allow and Supported unless the app set its own', async (t) => {
    const rig = await startEngineRig(t);
    const srf = await rig.connectApp();
    srf.use('register', (_req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(403));
    const far = await RawSipPeer.open(t, '127.0.0.1', rig.sipPort);
    const uri = `sip:agent@127.0.0.1:${far.port}`;

    const plain = srf.createUAC(uri, { localSdp: sdp }).catch((err: unknown) => err);
    const invite = await far.next(/^INVITE /);
    far.send(answer(invite, '486 Busy Here'));
    assert.equal((await plain as { status?: number }).status, 486);
    assert.equal(header(invite, 'allow'), 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REGISTER');
    assert.equal(header(invite, 'supported'), uacOptionTags.join(', '));

    const own = srf.createUAC(uri, { localSdp: sdp, headers: { Allow: 'INVITE, ACK, BYE', Supported: 'timer' } }).catch((err: unknown) => err);
    const invite2 = await far.next(/^INVITE /);
    far.send(answer(invite2, '486 Busy Here'));
    await own;
    // The app's Allow stands; its Supported keeps its own tags and gains the engine's (100rel).
    assert.deepEqual([count(invite2, 'allow'), header(invite2, 'allow'), count(invite2, 'supported'), header(invite2, 'supported')], [1, 'INVITE, ACK, BYE', 1, ['timer', ...uacOptionTags].join(', ')]);
  });

  test('2xx to INVITE carries Allow; an app\'s 501 in a dialog gets Allow added', async (t) => {
    const rig = await startEngineRig(t);
    const srf = await rig.connectApp();
    srf.invite((req: Srf.SrfRequest, res: Srf.SrfResponse) => {
      srf.createUAS(req, res, { localSdp: sdp }).then((d) => { d.on('refer', (_r: Srf.SrfRequest, rs: Srf.SrfResponse) => rs.send(501, 'Not Implemented - transfer is not available yet', {})); }, () => undefined);
    });
    await new Promise((r) => setTimeout(r, 100));
    const caller = await RawSipPeer.open(t, '127.0.0.1', rig.sipPort);
    caller.send(caller.request('INVITE', { callId: 'cap', fromTag: 'c1', body: sdp }));
    const ok = await caller.next(/^SIP\/2\.0 200[\s\S]*Call-ID: cap/);
    assert.equal(header(ok, 'allow'), 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO');
    assert.equal(count(ok, 'supported'), uasOptionTags.length > 0 ? 1 : 0);
    const toTag = /;tag=([^;\r\n]+)/.exec(header(ok, 'to'))?.[1] ?? '';
    caller.send(caller.request('ACK', { callId: 'cap', fromTag: 'c1', toTag }));
    caller.send(caller.request('REFER', { callId: 'cap', fromTag: 'c1', toTag, cseq: 2, extra: ['Refer-To: <sip:other@127.0.0.1>'] }));
    const refused = await caller.next(/^SIP\/2\.0 501[\s\S]*CSeq: 2 REFER/);
    assert.match(refused, /^SIP\/2\.0 501 Not Implemented - transfer is not available yet/);
    assert.equal(header(refused, 'allow'), 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO', 'REFER is not offered');
    caller.send(caller.request('BYE', { callId: 'cap', fromTag: 'c1', toTag, cseq: 3 }));
    await caller.next(/^SIP\/2\.0 200[\s\S]*CSeq: 3 BYE/);
  });
});
