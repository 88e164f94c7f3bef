// Issue 11, NAT (engine): a TCP desk phone (sipp) behind a NAT that lets no connection in. It
// registers on its one connection (Contact: its private address, `transport=tcp`); the app calls
// that Contact as callUser does. The INVITE, the app's re-INVITEs and its BYE all ride the
// registration's connection (RFC 5626 flow, drachtio's flow cache): no connection attempt is
// ever made to the private Contact (the NAT would drop its SYN, and counts them).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type Srf from 'drachtio-srf';
import { join } from 'node:path';
import { natNamespace } from '../../helpers/nat-namespace.js';
import { PHONE_SIP_PORT, startNatSipp } from '../../phones/helpers/nat-sipp.js';
import { repoRoot } from '../../sip/helpers/sipp.js';
import { APP_SDP, withTimeout } from '../../sip/helpers/rig.js';
import { destroyOutcome, startEngineRig } from '../helpers/engine-rig.js';

describe('in-dialog requests to a TCP phone behind NAT', { timeout: 60_000 }, () => {
  test('INVITE, re-INVITEs and BYE go over the connection it registered on', async (t) => {
    const box = await natNamespace(t);
    await box.watch(PHONE_SIP_PORT, 'tcp');
    const rig = await startEngineRig(t, { host: box.hostIp });
    const srf = await rig.connectApp();
    let contact = '';
    srf.use('register', (req: Srf.SrfRequest, res: Srf.SrfResponse) => {
      if (!req.get('Authorization')) return res.send(401, { headers: { 'WWW-Authenticate': 'Digest realm="test", nonce="n1", algorithm=MD5' } });
      contact = /<([^>]+)>/.exec(req.get('Contact'))?.[1] ?? '';
      res.send(200, { headers: { Contact: `${req.get('Contact')};expires=600` } });
    });
    const ooc = join(repoRoot(), 'test', 'phones', 'helpers', 'sipp', 'nat-tcp-agent-ooc.xml');
    const phone = startNatSipp({ box, scenario: 'nat-register-stay.xml', remote: `${box.hostIp}:${rig.sipPort}`, service: 'bob', transport: 'tcp', timeoutSec: 30,
      extra: ['-au', 'bob', '-ap', 'pw', '-d', '6000', '-oocsf', ooc] });
    await withTimeout((async () => { while (!contact) await new Promise((r) => setTimeout(r, 50)); })(), 10000, 'the registration');
    assert.match(contact, new RegExp(`^sip:bob@${box.phoneIp.replace(/\./g, '\\.')}:${PHONE_SIP_PORT};transport=tcp$`, 'i'));

    const d = await withTimeout(srf.createUAC(contact, { localSdp: APP_SDP }), 5000, 'the call to the phone');
    d.on('destroy', () => undefined);
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 2; i++) assert.match(await withTimeout(d.modify(APP_SDP), 5000, `re-INVITE ${i + 1}`), /m=audio 6000 /);
    assert.equal(await destroyOutcome(d), undefined, 'the BYE is answered');

    const result = await phone.done;
    const got = (method: string): number => result.received.filter((m) => m.startsWith(`${method} `)).length;
    assert.equal(got('INVITE'), 3, `INVITE and two re-INVITEs on the registration's connection:\n${result.output}`);
    assert.equal(got('BYE'), 1);
    const syn = await box.counts(PHONE_SIP_PORT, 'tcp');
    assert.equal(syn.dropped, 0, `${syn.dropped} connection attempts to the private Contact`);
    assert.ok(syn.delivered > 0, 'everything came over the established connection');
  });
});
