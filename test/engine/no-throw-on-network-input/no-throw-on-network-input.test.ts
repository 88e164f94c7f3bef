// Issue 9, point 1 (engine): nothing the network sends may throw out of the engine or leave an
// app waiting. A 2xx no dialog can be built on (no To tag, a broken Contact or Record-Route, a
// port node refuses to send to — on main its BYE threw ERR_SOCKET_BAD_PORT inside a promise)
// is ACKed and hung up by the engine and the app gets 502; a caller whose WebSocket dies
// before the app answers makes the app's answer fail at once. After each, the engine serves on.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type Srf from 'drachtio-srf';
import { APP_SDP, withTimeout } from '../../sip/helpers/rig.js';
import { startEngineRig, type EngineRig } from '../helpers/engine-rig.js';
import { header, request, response, SDP, sipPeer, statusLine, type SipPeer } from '../helpers/sip-peer.js';

const withSdp = (res: string): string =>
  res.replace('Content-Length: 0\r\n\r\n', `Content-Type: application/sdp\r\nContent-Length: ${SDP.length}\r\n\r\n${SDP}`);

/** The app calls the peer; resolves with how createUAC settled. */
function appCalls(srf: Srf, p: SipPeer): Promise<{ status?: number; error?: unknown }> {
  return srf.createUAC(`sip:callee@127.0.0.1:${p.port}`, { localSdp: APP_SDP }).then(
    (d) => { d.on('destroy', () => undefined); return {}; },
    (error: unknown) => ({ error, status: (error as { status?: number }).status }),
  );
}

/** After a fault, a normal call from the app to a UDP peer still works end to end. */
async function stillServes(rig: EngineRig, srf: Srf, t: Parameters<typeof sipPeer>[0]): Promise<void> {
  const p = await sipPeer(t, 'udp', rig.sipPort);
  const calling = srf.createUAC(`sip:callee@127.0.0.1:${p.port}`, { localSdp: APP_SDP });
  const invite = await p.next(/^INVITE /);
  p.send(withSdp(response(invite, '200 OK', 'fine', p)));
  const d = await withTimeout(calling, 2000, 'a normal call');
  await p.next(/^ACK /);
  const done = new Promise<void>((resolve) => d.destroy(undefined, () => resolve()));
  const bye = await p.next(/^BYE /);
  p.send(response(bye, '200 OK', '', p));
  await withTimeout(done, 2000, 'BYE');
}

const unusable: { name: string; edit: (res: string) => string; why: RegExp }[] = [
  { name: 'Contact: <sip:fuzz', edit: (r) => r.replace(/^Contact: .*$/m, 'Contact: <sip:fuzz'), why: /Malformed Contact/ },
  { name: 'no Contact', edit: (r) => r.replace(/^Contact: .*\r\n/m, ''), why: /Missing Contact/ },
  { name: 'Contact port 0 (node refuses to send there)', edit: (r) => r.replace(/^Contact: .*$/m, 'Contact: <sip:callee@127.0.0.1:0>'), why: /Malformed Contact/ },
  { name: 'Record-Route: <sip:;lr>', edit: (r) => r.replace(/^Contact: /m, 'Record-Route: <sip:;lr>\r\nContact: '), why: /Malformed Record-Route/ },
  { name: 'no To tag', edit: (r) => r.replace(/^(To: [^\r]*);tag=[^;\r]*/m, '$1'), why: /missing To tag/ },
];

describe('network input that must not throw or hang', { timeout: 60_000 }, () => {
  for (const c of unusable) {
    test(`a 2xx with ${c.name}: ACK and BYE go back to its source, the app gets 502`, async (t) => {
      const rig = await startEngineRig(t);
      const srf = await rig.connectApp();
      const p = await sipPeer(t, 'udp', rig.sipPort);
      const outcome = appCalls(srf, p);
      const invite = await p.next(/^INVITE /);
      const ok = withSdp(c.edit(response(invite, '200 OK', 'bad2xx', p)));
      p.send(ok);
      const settled = await withTimeout(outcome, 2000, 'createUAC');
      assert.equal(settled.status, 502, `the app hears 502, got ${String(settled.error)}`);
      assert.match(String((settled.error as { reason?: string }).reason ?? ''), c.why);
      const ack = await p.next(/^ACK /);
      assert.equal(statusLine(ack), statusLine(invite).replace(/^INVITE/, 'ACK'), 'the ACK goes to the Request-URI we called');
      const bye = await p.next(/^BYE /);
      assert.match(header(bye, 'reason'), c.why);
      p.send(response(bye, '200 OK', '', p));
      // A retransmission of that 2xx is ACKed again, without a second BYE or another answer to the app.
      p.send(ok);
      await p.next(/^ACK /);
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(p.pending().filter((m) => /^BYE /.test(m)), []);
      assert.equal(rig.engine.stats().activeDialogs, 0);
      await stillServes(rig, srf, t);
    });
  }

  test('a WS caller gone before the app answers: the app\'s 200 fails at once instead of waiting 32 s for an ACK', async (t) => {
    const rig = await startEngineRig(t);
    const srf = await rig.connectApp();
    let answer: (() => Promise<unknown>) | undefined;
    srf.invite((req: Srf.SrfRequest, res: Srf.SrfResponse) => {
      answer = () => srf.createUAS(req, res, { localSdp: APP_SDP });
    });
    const p = await sipPeer(t, 'ws', rig.wsPort);
    p.send(request('INVITE', p, rig.wsPort, { callId: 'gone-before-answer', cseq: 1, body: SDP }));
    await p.next(/^SIP\/2\.0 100 /);
    while (!answer) await new Promise((r) => setTimeout(r, 10));
    await p.drop();
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    const err = await withTimeout(answer().then(() => undefined, (e: unknown) => e), 2000, 'createUAS');
    const ms = Math.round(performance.now() - started);
    t.diagnostic(`ws: createUAS after the caller's socket closed failed in ${ms} ms`);
    // srf rejects with the engine's NOK reason as a plain string here.
    assert.ok(err !== undefined, 'createUAS rejects');
    assert.match(err instanceof Error ? err.message : String(err), /connection the request came on is closed/);
    assert.ok(ms < 1000);
    assert.equal(rig.engine.stats().activeDialogs, 0);
    assert.equal(rig.engine.stats().serverTransactions, 0, 'the transaction is gone too');
  });
});
