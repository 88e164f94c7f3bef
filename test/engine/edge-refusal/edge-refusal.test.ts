// Issue 9, point 1 (engine): requests the engine could never route inside their dialog — an
// unparseable Contact or Record-Route, a missing or second Contact — get 400 naming the header
// before any app sees them (on main they reached the app, whose later BYE failed and crashed
// it). The engine keeps serving: a good INVITE afterwards is answered by the app.
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import type Srf from 'drachtio-srf';
import { APP_SDP, startRig, type Rig } from '../../sip/helpers/rig.js';
import { request, SDP, sipPeer, statusLine, toTagOf, type PeerTransport, type SipPeer } from '../helpers/sip-peer.js';

interface Counted {
  rig: Rig;
  /** Requests of each method that reached the app. */
  seen: Map<string, number>;
}

async function rigWithApp(t: TestContext): Promise<Counted> {
  const rig = await startRig(t);
  const srf = await rig.connectApp();
  const seen = new Map<string, number>();
  const count = (m: string): void => { seen.set(m, (seen.get(m) ?? 0) + 1); };
  srf.invite((req: Srf.SrfRequest, res: Srf.SrfResponse) => {
    count('INVITE');
    void srf.createUAS(req, res, { localSdp: APP_SDP }).then((d) => d.on('destroy', () => undefined), () => undefined);
  });
  srf.use('subscribe', (_req: Srf.SrfRequest, res: Srf.SrfResponse) => {
    count('SUBSCRIBE');
    res.send(489);
  });
  return { rig, seen };
}

/** Sends a request and returns the engine's final response to it; a non-2xx INVITE answer is ACKed. */
async function exchange(p: SipPeer, enginePort: number, text: string): Promise<string> {
  p.send(text);
  const cseq = /^CSeq: (.*)$/m.exec(text)?.[1] ?? '';
  const res = await p.next(new RegExp(`^SIP/2\\.0 [2-6]\\d\\d [\\s\\S]*\\r\\nCSeq: ${cseq}\\r\\n`));
  if (/^INVITE /.test(text) && !/^SIP\/2\.0 [12]/.test(res)) {
    const branch = /branch=([^;\s]+)/.exec(text)?.[1] ?? '';
    const callId = /^Call-ID: (.*)$/m.exec(text)?.[1] ?? '';
    const seq = Number(/^CSeq: (\d+)/m.exec(text)?.[1]);
    p.send(request('ACK', p, enginePort, { callId, cseq: seq, toTag: toTagOf(res), branch }));
  }
  return res;
}

/** A good call: the app answers 200, we ACK and hang up. */
async function goodCall(p: SipPeer, rig: Rig, callId: string): Promise<void> {
  p.send(request('INVITE', p, rig.sipPort, { callId, cseq: 1, body: SDP }));
  const ok = await p.next(/^SIP\/2\.0 200 /);
  const toTag = toTagOf(ok);
  p.send(request('ACK', p, rig.sipPort, { callId, cseq: 1, toTag }));
  p.send(request('BYE', p, rig.sipPort, { callId, cseq: 2, toTag }));
  assert.match(statusLine(await p.next(/^SIP\/2\.0 \d+ .*\r\n[\s\S]*CSeq: 2 BYE/)), /^SIP\/2\.0 200 /);
}

const badInvites: { name: string; contact?: string | null; extra?: string[]; reason: string; noFromTag?: boolean }[] = [
  { name: 'Contact: <sip:fuzz (unterminated)', contact: 'Contact: <sip:fuzz', reason: 'Malformed Contact header' },
  { name: 'Record-Route: <sip:;lr> (no host)', extra: ['Record-Route: <sip:;lr>'], reason: 'Malformed Record-Route header' },
  { name: 'Record-Route without angle brackets', extra: ['Record-Route: sip:proxy.example.com;lr'], reason: 'Malformed Record-Route header' },
  { name: 'no Contact at all', contact: null, reason: 'Missing Contact header' },
  { name: 'Contact: * on an INVITE', contact: 'Contact: *', reason: 'Malformed Contact header' },
  { name: 'Contact with port 0 (on main its BYE threw ERR_SOCKET_BAD_PORT in a promise)', contact: 'Contact: <sip:peer@127.0.0.1:0>', reason: 'Malformed Contact header' },
  { name: 'Contact with a port beyond 65535', contact: 'Contact: <sip:peer@127.0.0.1:99999>', reason: 'Malformed Contact header' },
  { name: 'Contact that is not a SIP URI', contact: 'Contact: <mailto:peer@example.com>', reason: 'Malformed Contact header' },
  { name: 'Contact with a space in the host', contact: 'Contact: <sip:peer@bad host>', reason: 'Malformed Contact header' },
  { name: 'no From tag', reason: 'Missing From tag', noFromTag: true },
  { name: 'two Contacts', contact: 'Contact: <sip:a@127.0.0.1>, <sip:b@127.0.0.1>', reason: 'More than one Contact header' },
];

describe('edge refusal of unroutable requests', { timeout: 60_000 }, () => {
  for (const transport of ['udp', 'tcp'] as PeerTransport[]) {
    test(`bad INVITEs over ${transport} get 400 naming the header; the app never sees them`, async (t) => {
      const { rig, seen } = await rigWithApp(t);
      const p = await sipPeer(t, transport, rig.sipPort);
      // UDP gets every case (blind from the trunk address); TCP the one from the crash report.
      const cases = transport === 'udp' ? badInvites : badInvites.slice(0, 1);
      for (const [i, c] of cases.entries()) {
        const text = request('INVITE', p, rig.sipPort, {
          callId: `bad-${transport}-${i}`, cseq: 1, body: SDP, ...(c.contact !== undefined ? { contact: c.contact } : {}), ...(c.extra ? { extra: c.extra } : {}),
        });
        const res = await exchange(p, rig.sipPort, c.noFromTag ? text.replace('>;tag=peer1', '>') : text);
        assert.equal(statusLine(res), `SIP/2.0 400 ${c.reason}`, c.name);
        assert.ok(toTagOf(res), 'the 400 carries a To tag');
      }
      assert.equal(seen.get('INVITE') ?? 0, 0, 'no bad INVITE reached the app');
      assert.equal(rig.engine.stats().activeDialogs, 0);
      await goodCall(p, rig, `good-${transport}`);
      assert.equal(seen.get('INVITE'), 1, 'the good INVITE reached the app');
      await rig.expectNoDialogs();
    });
  }

  test('a retransmitted bad INVITE gets the same 400 again, still without the app', async (t) => {
    const { rig, seen } = await rigWithApp(t);
    const p = await sipPeer(t, 'udp', rig.sipPort);
    const text = request('INVITE', p, rig.sipPort, { callId: 'retrans', cseq: 1, contact: 'Contact: <sip:fuzz', branch: 'z9hG4bKretrans1' });
    p.send(text);
    const first = await p.next(/^SIP\/2\.0 400 /);
    p.send(text);
    const again = await p.next(/^SIP\/2\.0 400 /);
    assert.equal(toTagOf(again), toTagOf(first), 'the same response, same To tag');
    assert.equal(seen.get('INVITE') ?? 0, 0);
  });

  test('a re-INVITE with a broken Contact gets 400 and the call goes on', async (t) => {
    const { rig, seen } = await rigWithApp(t);
    const p = await sipPeer(t, 'udp', rig.sipPort);
    p.send(request('INVITE', p, rig.sipPort, { callId: 'reinv', cseq: 1, body: SDP }));
    const toTag = toTagOf(await p.next(/^SIP\/2\.0 200 /));
    p.send(request('ACK', p, rig.sipPort, { callId: 'reinv', cseq: 1, toTag }));
    const res = await exchange(p, rig.sipPort, request('INVITE', p, rig.sipPort, { callId: 'reinv', cseq: 2, toTag, contact: 'Contact: <sip:', body: SDP }));
    assert.equal(statusLine(res), 'SIP/2.0 400 Malformed Contact header');
    assert.equal(seen.get('INVITE'), 1, 'only the initial INVITE reached the app');
    p.send(request('BYE', p, rig.sipPort, { callId: 'reinv', cseq: 3, toTag }));
    assert.match(statusLine(await p.next(/^SIP\/2\.0 \d+ [^\r]*\r\n[\s\S]*CSeq: 3 BYE/)), /^SIP\/2\.0 200 /, 'the dialog still works: BYE is answered');
    await rig.expectNoDialogs();
  });

  test('a SUBSCRIBE with a broken Contact gets 400; a good one still reaches the app', async (t) => {
    const { rig, seen } = await rigWithApp(t);
    const p = await sipPeer(t, 'udp', rig.sipPort);
    const res = await exchange(p, rig.sipPort, request('SUBSCRIBE', p, rig.sipPort, { callId: 'sub', cseq: 1, contact: 'Contact: <sip:@>', extra: ['Event: presence'] }));
    assert.equal(statusLine(res), 'SIP/2.0 400 Malformed Contact header');
    assert.equal(seen.get('SUBSCRIBE') ?? 0, 0);
    // A good SUBSCRIBE still reaches the app (which declines it).
    const ok = await exchange(p, rig.sipPort, request('SUBSCRIBE', p, rig.sipPort, { callId: 'sub2', cseq: 1, extra: ['Event: presence'] }));
    assert.equal(statusLine(ok).slice(0, 11), 'SIP/2.0 489');
    assert.equal(seen.get('SUBSCRIBE'), 1);
  });
});
