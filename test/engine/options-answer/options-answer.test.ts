// Who answers OPTIONS outside a dialog (issue 11: carriers read 503 as "PBX down"). With the
// default `unrouted`, the engine answers 200 with Allow and Accept whenever an app is connected
// and none routes OPTIONS; an app that routes them answers itself and the engine adds only the
// headers the app left out; with no app at all the service is down: 503. `off` is drachtio-
// server's 503, `always` answers every one in the engine, and drachtio's user-agent match
// still answers before any app. The setting is read from drachtio.conf.xml and the command line.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Srf from 'drachtio-srf';
import { startEngineRig } from '../helpers/engine-rig.js';
import { RawSipPeer } from '../helpers/raw-sip-peer.js';
import { header } from '../../e2e/helpers/node-phone.js';
import { optionsFromXml } from '../../../server/engine/conf-xml.js';
import { parseArgs } from '../../../server/engine/cli-args.js';
import { ConfigError, engineConfig } from '../../../server/engine/config.js';
import { uasOptionTags } from '../../../server/engine/core/capabilities.js';

const count = (msg: string, name: string): number => msg.split('\r\n').filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)).length;

async function ping(peer: RawSipPeer, extra: string[] = []): Promise<string> {
  const callId = `opt-${Math.random().toString(36).slice(2)}`;
  peer.send(peer.request('OPTIONS', { callId, extra }));
  return peer.next(new RegExp(`^SIP/2\\.0 [2-6]\\d\\d[\\s\\S]*Call-ID: ${callId}`));
}

/** The engine's own 200: Allow with the basics and the routed verbs, Accept, and Supported as listed. */
function assertEngine200(res: string, routed: string[]): void {
  assert.match(res, /^SIP\/2\.0 200 OK/);
  const allow = header(res, 'allow').split(/\s*,\s*/);
  for (const m of ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', ...routed]) assert.ok(allow.includes(m), `Allow lists ${m}: ${allow.join(', ')}`);
  for (const m of ['REFER', 'MESSAGE', 'PRACK', 'UPDATE']) assert.ok(!allow.includes(m), `Allow does not list ${m}, which nobody serves`);
  assert.equal(header(res, 'accept'), 'application/sdp');
  assert.equal(count(res, 'supported'), uasOptionTags.length > 0 ? 1 : 0, 'Supported only when there is something to list');
  if (uasOptionTags.length > 0) assert.equal(header(res, 'supported'), uasOptionTags.join(', '));
  assert.match(header(res, 'to'), /;tag=/, 'the answer is tagged');
}

describe('OPTIONS answers', { timeout: 60_000 }, () => {
  test('default: 503 with no app, the engine\'s 200 when no app routes OPTIONS, the app\'s own when one does', async (t) => {
    const rig = await startEngineRig(t);
    const peer = await RawSipPeer.open(t, '127.0.0.1', rig.sipPort);
    assert.match(await ping(peer), /^SIP\/2\.0 503 Service Unavailable/, 'no app connected: the service is down');

    const srf = await rig.connectApp();
    srf.invite((_req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(486));
    srf.use('register', (_req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(403));
    await new Promise((r) => setTimeout(r, 100));
    assertEngine200(await ping(peer), ['REGISTER']);
    assertEngine200(await ping(peer, ['User-Agent: Carrier-SBC/1.0']), ['REGISTER']);

    // A second app that routes OPTIONS owns them: its 200 arrives, completed but not duplicated.
    const owner = await rig.connectApp();
    owner.use('options', (_req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(200, { headers: { 'X-Answered-By': 'app', Allow: 'INVITE, ACK, BYE, CANCEL, OPTIONS' } }));
    await new Promise((r) => setTimeout(r, 100));
    const fromApp = await ping(peer);
    assert.match(fromApp, /^SIP\/2\.0 200/);
    assert.equal(header(fromApp, 'x-answered-by'), 'app');
    assert.equal(count(fromApp, 'allow'), 1, 'the app\'s Allow is kept and not doubled');
    assert.equal(header(fromApp, 'allow'), 'INVITE, ACK, BYE, CANCEL, OPTIONS');
    assert.equal(header(fromApp, 'accept'), 'application/sdp', 'the engine fills in what the app left out');
  });

  test('off: drachtio-server\'s 503 when no app routes OPTIONS; the user-agent match still answers', async (t) => {
    const rig = await startEngineRig(t, { optionsAutoRespond: 'off', optionsAutoRespondUserAgent: 'friendly-keepalive' });
    const peer = await RawSipPeer.open(t, '127.0.0.1', rig.sipPort);
    const srf = await rig.connectApp();
    srf.invite((_req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(486));
    await new Promise((r) => setTimeout(r, 100));
    assert.match(await ping(peer), /^SIP\/2\.0 503/);
    assertEngine200(await ping(peer, ['User-Agent: friendly-keepalive 2.1']), []);
  });

  test('always: the engine answers every OPTIONS, with or without apps, and apps never see one', async (t) => {
    const rig = await startEngineRig(t, { optionsAutoRespond: 'always' });
    const peer = await RawSipPeer.open(t, '127.0.0.1', rig.sipPort);
    assertEngine200(await ping(peer), []);
    const srf = await rig.connectApp();
    let seen = 0;
    srf.use('options', (_req: Srf.SrfRequest, res: Srf.SrfResponse) => { seen++; res.send(200, { headers: { 'X-Answered-By': 'app' } }); });
    await new Promise((r) => setTimeout(r, 100));
    const res = await ping(peer);
    assertEngine200(res, ['OPTIONS']);
    assert.equal(header(res, 'x-answered-by'), '');
    assert.equal(seen, 0);
  });

  test('the setting comes from drachtio.conf.xml and the command line; a wrong value stops start-up', () => {
    const xml = '<drachtio><sip><contact>sip:127.0.0.1:5070;transport=udp</contact><options-auto-respond>off</options-auto-respond>'
      + '<user-agent-options-auto-respond>JsSIP 3.8.2</user-agent-options-auto-respond></sip></drachtio>';
    const fromXml = optionsFromXml(xml, () => undefined);
    assert.equal(fromXml.optionsAutoRespond, 'off');
    assert.equal(fromXml.optionsAutoRespondUserAgent, 'JsSIP 3.8.2');
    const fromArgs = parseArgs(['--options-auto-respond', 'always', '--user-agent-options-auto-respond', 'probe'], () => undefined, {});
    assert.equal(fromArgs.optionsAutoRespond, 'always');
    assert.equal(fromArgs.optionsAutoRespondUserAgent, 'probe');
    assert.equal(engineConfig({}).optionsAutoRespond, 'unrouted');
    assert.throws(() => engineConfig(optionsFromXml('<drachtio><sip><options-auto-respond>sometimes</options-auto-respond></sip></drachtio>', () => undefined)),
      (err: unknown) => err instanceof ConfigError && /options-auto-respond must be unrouted, always, off, got 'sometimes'/.test(err.message));
  });
});
