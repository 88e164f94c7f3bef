// sipp as a carrier or a phone sending OPTIONS keepalives over UDP and TCP: with no app connected
// the engine says 503 (the service is down, so a carrier fails over); once an app that takes
// only INVITEs is connected, the engine answers 200 with Allow and Accept itself — never the
// 503 that made carriers mark the center down (issue 11).
import { test } from 'node:test';
import type Srf from 'drachtio-srf';
import { TRANSPORTS, startRig } from '../helpers/rig.js';
import { scenario } from '../helpers/sipp.js';

const xml = (file: string): string => scenario('options-keepalive', file);

for (const transport of TRANSPORTS) {
  test(`OPTIONS keepalive over ${transport}: 503 with no app, the engine's 200 with Allow once an app is up`, { timeout: 60_000 }, async (t) => {
    const rig = await startRig(t);
    await rig.runUac({ scenario: xml('uac-options-503.xml'), transport });
    const srf = await rig.connectApp();
    srf.invite((_req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(486));
    await new Promise((r) => setTimeout(r, 100));
    await rig.runUac({ scenario: xml('uac-options-200.xml'), transport });
  });
}
