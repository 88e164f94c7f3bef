// Issue 11, NAT (engine): a desk phone (sipp) behind a port-translating NAT that drops anything
// not sent to a mapping. Whichever side set the dialog up — the phone calling the app (UAS
// dialog), or the app calling the phone it registered, routed to the registration's source as
// the registrar's callUser does (UAC dialog) — the app's re-INVITE and BYE reach the phone at its
// NAT mapping and are answered, none goes to its private Contact. The center sends no
// re-INVITE of its own in a plain call, so the app sends them here with srf's dialog.modify.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type Srf from 'drachtio-srf';
import { natNamespace, type NatBox } from '../../helpers/nat-namespace.js';
import { PHONE_SIP_PORT, startNatSipp, type NatSippResult } from '../../phones/helpers/nat-sipp.js';
import { APP_SDP, withTimeout } from '../../sip/helpers/rig.js';
import { destroyOutcome, startEngineRig } from '../helpers/engine-rig.js';

function assertAtMapping(result: NatSippResult, reinvites: number): void {
  assert.equal(result.code, 0, `the phone's scenario failed:\n${result.output}`);
  const got = (method: string): string[] => result.received.filter((m) => m.startsWith(`${method} `));
  assert.equal(got('INVITE').length, reinvites, `re-INVITEs received: ${got('INVITE').length}`);
  assert.equal(got('BYE').length, 1, 'one BYE, no retransmission');
}

async function assertNothingDropped(box: NatBox): Promise<void> {
  const sip = await box.counts(PHONE_SIP_PORT);
  assert.equal(sip.dropped, 0, `${sip.dropped} requests went to the private Contact and were dropped by the NAT`);
  assert.ok(sip.delivered > 0);
}

describe('in-dialog requests to a phone behind a port-translating NAT', { timeout: 90_000 }, () => {
  test('UAS dialog (the phone called): the app\'s re-INVITEs and BYE reach the NAT mapping', async (t) => {
    const box = await natNamespace(t);
    await box.watch(PHONE_SIP_PORT);
    const rig = await startEngineRig(t, { host: box.hostIp });
    const srf = await rig.connectApp();
    const dialog = new Promise<Srf.Dialog>((resolve) => {
      srf.invite((req: Srf.SrfRequest, res: Srf.SrfResponse) => {
        srf.createUAS(req, res, { localSdp: APP_SDP }).then((d) => { d.on('destroy', () => undefined); resolve(d); }, () => undefined);
      });
    });
    const phone = startNatSipp({ box, scenario: 'nat-caller.xml', remote: `${box.hostIp}:${rig.sipPort}`, service: 'app', timeoutSec: 30, toneHz: 440 });
    const d = await withTimeout(dialog, 10000, 'the phone\'s call');
    await new Promise((r) => setTimeout(r, 300)); // its ACK
    for (let i = 0; i < 2; i++) assert.match(await withTimeout(d.modify(APP_SDP), 5000, `re-INVITE ${i + 1}`), /m=audio 6000 /);
    assert.equal(await destroyOutcome(d), undefined, 'the BYE is answered');
    assertAtMapping(await phone.done, 2);
    await assertNothingDropped(box);
  });

  test('UAC dialog (the app called the registered phone via its source): re-INVITEs and BYE reach the NAT mapping', async (t) => {
    const box = await natNamespace(t);
    await box.watch(PHONE_SIP_PORT);
    const rig = await startEngineRig(t, { host: box.hostIp });
    const srf = await rig.connectApp();
    let binding: { contact: string; source: string } | undefined;
    srf.use('register', (req: Srf.SrfRequest, res: Srf.SrfResponse) => {
      if (!req.get('Authorization')) return res.send(401, { headers: { 'WWW-Authenticate': 'Digest realm="test", nonce="n1", algorithm=MD5' } });
      binding = { contact: /<([^>]+)>/.exec(req.get('Contact'))?.[1] ?? '', source: `sip:${req.source_address}:${req.source_port};transport=udp` };
      res.send(200, { headers: { Contact: `${req.get('Contact')};expires=600` } });
    });
    const reg = await startNatSipp({ box, scenario: 'nat-register.xml', remote: `${box.hostIp}:${rig.sipPort}`, service: 'alice', timeoutSec: 15, extra: ['-au', 'alice', '-ap', 'pw'] }).done;
    assert.equal(reg.code, 0, reg.output);
    assert.ok(binding);
    assert.match(binding.contact, new RegExp(`^sip:alice@${box.phoneIp.replace(/\./g, '\\.')}:${PHONE_SIP_PORT}$`));
    assert.doesNotMatch(binding.source, new RegExp(`:${PHONE_SIP_PORT};`), `the REGISTER came from the NAT mapping ${binding.source}`);

    const phone = startNatSipp({ box, scenario: 'nat-agent.xml', remote: `${box.hostIp}:${rig.sipPort}`, service: 'alice', timeoutSec: 30, toneHz: 1000 });
    await phone.listening();
    const d = await withTimeout(srf.createUAC(binding.contact, { localSdp: APP_SDP, proxy: binding.source }), 10000, 'the call to the phone');
    d.on('destroy', () => undefined);
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 2; i++) assert.match(await withTimeout(d.modify(APP_SDP), 5000, `re-INVITE ${i + 1}`), /m=audio 6000 /);
    assert.equal(await destroyOutcome(d), undefined, 'the BYE is answered');
    assertAtMapping(await phone.done, 3);
    await assertNothingDropped(box);
  });
});
