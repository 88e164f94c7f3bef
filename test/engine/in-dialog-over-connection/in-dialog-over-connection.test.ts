// Issue 9, point 1 (engine): in-dialog requests the app sends go over the connection the
// dialog came on. When a WS (or TCP, `.invalid`) peer's socket is gone, the app's BYE,
// re-INVITE or INFO fails at once — a NOK srf turns into an error, or a 503 if the socket died
// with the request in flight — instead of the 30 s hang that crashed the app on main. A UDP
// peer whose Contact says `.invalid;transport=ws` is reached at the address it sent from.
// The milliseconds each failure took are printed.
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import type Srf from 'drachtio-srf';
import { APP_SDP, withTimeout } from '../../sip/helpers/rig.js';
import { startSipJsPhone } from '../../phones/helpers/sipjs-phone.js';
import { destroyOutcome, startEngineRig, type EngineRig } from '../helpers/engine-rig.js';
import { header, request, response, SDP, sipPeer, statusLine, toTagOf, type PeerTransport, type SipPeer } from '../helpers/sip-peer.js';

/** Failures must reach the app well under a second (they took ~30 s on main). */
const FAST_MS = 1000;

interface UasApp {
  srf: Srf;
  /** Resolves with the next dialog the app answered. */
  nextDialog(): Promise<Srf.Dialog>;
}

async function uasApp(rig: EngineRig): Promise<UasApp> {
  const srf = await rig.connectApp();
  const ready: Srf.Dialog[] = [];
  const waiting: ((d: Srf.Dialog) => void)[] = [];
  srf.invite((req: Srf.SrfRequest, res: Srf.SrfResponse) => {
    srf.createUAS(req, res, { localSdp: APP_SDP }).then((d) => {
      d.on('destroy', () => undefined);
      const w = waiting.shift();
      if (w) w(d);
      else ready.push(d);
    }, () => undefined);
  });
  return {
    srf,
    nextDialog: () => {
      const d = ready.shift();
      return d ? Promise.resolve(d) : withTimeout(new Promise<Srf.Dialog>((resolve) => waiting.push(resolve)), 5000, 'app dialog');
    },
  };
}

/** The peer calls the app, which answers; the peer ACKs. Returns the app's dialog. */
async function call(p: SipPeer, port: number, app: UasApp, callId: string, contact?: string): Promise<{ dialog: Srf.Dialog; toTag: string }> {
  p.send(request('INVITE', p, port, { callId, cseq: 1, body: SDP, ...(contact ? { contact } : {}) }));
  const ok = await p.next(/^SIP\/2\.0 200 /);
  const toTag = toTagOf(ok);
  p.send(request('ACK', p, port, { callId, cseq: 1, toTag }));
  return { dialog: await app.nextDialog(), toTag };
}

async function timed<T>(what: string, t: TestContext, fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  const ms = Math.round(performance.now() - started);
  t.diagnostic(`${what}: ${ms} ms`);
  return { value, ms };
}

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const flows: { transport: PeerTransport; contact?: (p: SipPeer) => string; label: string }[] = [
  { transport: 'ws', label: 'a WS caller (sip:…@….invalid;transport=ws)' },
  { transport: 'tcp', label: 'a TCP caller with an .invalid Contact', contact: () => 'Contact: <sip:peer@tcpphone.invalid;transport=tcp>' },
];

describe('in-dialog requests over the dialog\'s connection', { timeout: 60_000 }, () => {
  for (const f of flows) {
    test(`${f.label} drops its socket: the app's BYE fails fast with an error, the engine serves on`, async (t) => {
      const rig = await startEngineRig(t);
      const app = await uasApp(rig);
      const port = f.transport === 'ws' ? rig.wsPort : rig.sipPort;
      const p = await sipPeer(t, f.transport, port);
      const { dialog } = await call(p, port, app, `drop-${f.transport}`, f.contact?.(p));
      await p.drop();
      await settle(100); // the engine sees the close
      const { value: err, ms } = await timed(`${f.transport}: dialog.destroy() after the socket dropped`, t, () => destroyOutcome(dialog));
      assert.ok(err instanceof Error, 'destroy() reports an error');
      assert.match(err.message, /connection .* closed/);
      assert.ok(ms < FAST_MS, `failed in ${ms} ms`);
      assert.equal(rig.engine.stats().activeDialogs, 0, 'the engine dropped the dead dialog');

      // The engine serves on: a new caller on the same transport talks to the app, and its BYE arrives.
      const q = await sipPeer(t, f.transport, port);
      const next = await call(q, port, app, `after-${f.transport}`, f.contact?.(q));
      const outcome = destroyOutcome(next.dialog);
      const bye = await q.next(/^BYE /);
      q.send(response(bye, '200 OK', '', q));
      assert.equal(await outcome, undefined, 'the BYE over the live connection succeeds');
    });
  }

  test('after a WS drop, re-INVITE and INFO fail fast too', async (t) => {
    const rig = await startEngineRig(t);
    const app = await uasApp(rig);
    const p = await sipPeer(t, 'ws', rig.wsPort);
    const { dialog } = await call(p, rig.wsPort, app, 'drop-reinvite');
    await p.drop();
    await settle(100);
    const reinvite = await timed('ws: dialog.modify() (re-INVITE) after the drop', t, () => dialog.modify(APP_SDP).then(() => undefined, (e: unknown) => e));
    assert.ok(reinvite.value instanceof Error, 're-INVITE rejects');
    assert.ok(reinvite.ms < FAST_MS);
    const info = await timed('ws: dialog.request(INFO) after the drop', t, () =>
      dialog.request({ method: 'INFO', headers: { 'Content-Type': 'application/dtmf-relay' }, body: 'Signal=5\r\nDuration=100\r\n' } as unknown as Srf.SrfRequest).then(() => undefined, (e: unknown) => e));
    assert.ok(info.value instanceof Error, 'INFO rejects');
    assert.ok(info.ms < FAST_MS);
    assert.ok(await destroyOutcome(dialog) instanceof Error);
    assert.equal(rig.engine.stats().activeDialogs, 0);
  });

  test('the WS socket dies with an INFO in flight: the app gets 503 at once, not after Timer F', async (t) => {
    const rig = await startEngineRig(t);
    const app = await uasApp(rig);
    const p = await sipPeer(t, 'ws', rig.wsPort);
    const { dialog } = await call(p, rig.wsPort, app, 'drop-inflight');
    const { value: res, ms } = await timed('ws: INFO answered after its socket died mid-transaction', t, async () => {
      const pending = dialog.request({ method: 'INFO', headers: { 'Content-Type': 'application/dtmf-relay' }, body: 'Signal=5\r\nDuration=100\r\n' } as unknown as Srf.SrfRequest);
      await p.next(/^INFO /);
      await p.drop();
      return pending;
    });
    assert.equal(res.status, 503);
    assert.ok(ms < FAST_MS, `answered in ${ms} ms`);
    assert.ok(await destroyOutcome(dialog) instanceof Error, 'and the BYE after it fails fast');
  });

  test('a sip.js phone over WS the app called drops its WebSocket: the app\'s BYE fails fast', async (t) => {
    const rig = await startEngineRig(t);
    const srf = await rig.connectApp();
    let contact = '';
    srf.use('register', (req: Srf.SrfRequest, res: Srf.SrfResponse) => {
      contact = /<([^>]+)>/.exec(req.get('Contact'))?.[1] ?? '';
      res.send(200, { headers: { Contact: req.get('Contact'), Expires: '600' } });
    });
    const phone = await startSipJsPhone({ server: `ws://127.0.0.1:${rig.wsPort}`, user: 'alice', password: 'x', realm: 'test' });
    t.after(() => phone.stop());
    await phone.register();
    assert.match(contact, /\.invalid;transport=ws/i);
    const dialog = await withTimeout(srf.createUAC(contact, { localSdp: APP_SDP }), 5000, 'call to the phone');
    dialog.on('destroy', () => undefined);
    await settle(300); // the ACK reaches the phone (else sip.js waits 32 s for it)
    await phone.dropConnection();
    await settle(100);
    const { value: err, ms } = await timed('sip.js over ws: dialog.destroy() after the phone dropped', t, () => destroyOutcome(dialog));
    assert.ok(err instanceof Error);
    assert.ok(ms < FAST_MS);
    // A new call to the dead contact fails as fast (the flow is gone with the socket).
    const retry = await timed('sip.js over ws: createUAC to the dropped phone', t, () => srf.createUAC(contact, { localSdp: APP_SDP }).then(() => undefined, (e: unknown) => e));
    assert.ok(retry.value instanceof Error);
    assert.ok(retry.ms < FAST_MS);
    assert.equal(rig.engine.stats().activeDialogs, 0);
  });

  test('a WS phone that reconnects and registers again mid-call gets the in-dialog requests on its new connection', async (t) => {
    const rig = await startEngineRig(t);
    const srf = await rig.connectApp();
    srf.use('register', (req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(200, { headers: { Contact: req.get('Contact'), Expires: '600' } }));
    const register = async (p: SipPeer, callId: string): Promise<void> => {
      p.send(request('REGISTER', p, rig.wsPort, { callId, cseq: 1 }));
      await p.next(/^SIP\/2\.0 200 /);
    };
    const first = await sipPeer(t, 'ws', rig.wsPort);
    await register(first, 'reg-1');
    const calling = srf.createUAC(first.contactUri, { localSdp: APP_SDP });
    const invite = await first.next(/^INVITE /);
    first.send(response(invite, '200 OK', 'phone1', first).replace('Content-Length: 0\r\n\r\n', `Content-Type: application/sdp\r\nContent-Length: ${SDP.length}\r\n\r\n${SDP}`));
    const dialog = await withTimeout(calling, 2000, 'call to the phone');
    dialog.on('destroy', () => undefined);
    await first.next(/^ACK /);
    await first.drop();
    const second = await sipPeer(t, 'ws', rig.wsPort, { contactUri: first.contactUri });
    await register(second, 'reg-2');
    const outcome = destroyOutcome(dialog);
    const bye = await second.next(/^BYE /);
    assert.match(statusLine(bye), new RegExp(`^BYE ${first.contactUri.replace(/[.;]/g, '\\$&')} `));
    second.send(response(bye, '200 OK', '', second));
    assert.equal(await withTimeout(outcome, 2000, 'BYE over the new connection'), undefined);
  });

  test('UDP caller with Contact <sip:x@abc.invalid;transport=ws>: the app\'s INFO and BYE reach its UDP source address', async (t) => {
    const rig = await startEngineRig(t);
    const app = await uasApp(rig);
    const p = await sipPeer(t, 'udp', rig.sipPort);
    const { dialog } = await call(p, rig.sipPort, app, 'udp-invalid', 'Contact: <sip:x@abc.invalid;transport=ws>');
    const info = dialog.request({ method: 'INFO', headers: { 'Content-Type': 'application/dtmf-relay' }, body: 'Signal=1\r\nDuration=100\r\n' } as unknown as Srf.SrfRequest);
    const got = await p.next(/^INFO /);
    assert.match(statusLine(got), /^INFO sip:x@abc\.invalid;transport=ws SIP\/2\.0$/, 'the Request-URI is still the remote target');
    assert.match(header(got, 'via'), /^SIP\/2\.0\/UDP /);
    p.send(response(got, '200 OK', '', p));
    assert.equal((await withTimeout(info, 2000, 'INFO response')).status, 200);
    const outcome = destroyOutcome(dialog);
    const bye = await p.next(/^BYE /);
    p.send(response(bye, '200 OK', '', p));
    assert.equal(await withTimeout(outcome, 2000, 'BYE'), undefined, 'the BYE is answered');
    assert.equal(rig.engine.stats().activeDialogs, 0);
  });

  test('UAC: a UDP callee answering with Contact <sip:x@abc.invalid;transport=ws> gets the ACK and BYE at its address', async (t) => {
    const rig = await startEngineRig(t);
    const srf = await rig.connectApp();
    const p = await sipPeer(t, 'udp', rig.sipPort);
    const calling = srf.createUAC(`sip:callee@127.0.0.1:${p.port}`, { localSdp: APP_SDP });
    const invite = await p.next(/^INVITE /);
    p.send(response(invite, '200 OK', 'callee1', p).replace(/^Contact: .*$/m, 'Contact: <sip:x@abc.invalid;transport=ws>')
      .replace('Content-Length: 0\r\n\r\n', `Content-Type: application/sdp\r\nContent-Length: ${SDP.length}\r\n\r\n${SDP}`));
    const dialog = await withTimeout(calling, 2000, 'createUAC');
    dialog.on('destroy', () => undefined);
    assert.match(statusLine(await p.next(/^ACK /)), /^ACK sip:x@abc\.invalid;transport=ws /);
    const outcome = destroyOutcome(dialog);
    const bye = await p.next(/^BYE /);
    p.send(response(bye, '200 OK', '', p));
    assert.equal(await withTimeout(outcome, 2000, 'BYE'), undefined);
  });
});
