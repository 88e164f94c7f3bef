// A legitimate party's round over raw UDP: REGISTER → 200, then INVITE → 200 → ACK, BYE → 200;
// returns how long each took. The srf app of `answeringApp` answers all of it.
import { once } from 'node:events';
import Srf from 'drachtio-srf';
import type { TestContext } from 'node:test';
import { header, sdp, type RawSipPeer } from './raw-sip-peer.js';

export async function registerAndCall(peer: RawSipPeer, tag: string): Promise<{ registerMs: number; callMs: number }> {
  const t0 = Date.now();
  const regId = `reg-${tag}`;
  peer.send(peer.request('REGISTER', { callId: regId, user: 'alice' }));
  await peer.next(new RegExp(`^SIP/2\\.0 200[\\s\\S]*Call-ID: ${regId}`));
  const registerMs = Date.now() - t0;
  const t1 = Date.now();
  const callId = `call-${tag}`;
  const fromTag = `f-${tag}`;
  peer.send(peer.request('INVITE', { callId, fromTag, body: sdp, user: 'alice' }));
  const ok = await peer.next(new RegExp(`^SIP/2\\.0 200[\\s\\S]*Call-ID: ${callId}`));
  const toTag = /;tag=([^;>\s]+)/.exec(header(ok, 'to'))?.[1] ?? '';
  peer.send(peer.request('ACK', { callId, fromTag, toTag, cseq: 1, user: 'alice' }));
  peer.send(peer.request('BYE', { callId, fromTag, toTag, cseq: 2, user: 'alice' }));
  await peer.next(new RegExp(`^SIP/2\\.0 200[\\s\\S]*CSeq: 2 BYE`));
  return { registerMs, callMs: Date.now() - t1 };
}

/** An srf app on the engine's admin port: REGISTER and OPTIONS 200, INVITE answered with SDP. */
export async function answeringApp(t: TestContext, adminPort: number, secret: string): Promise<Srf> {
  const srf = new Srf();
  srf.on('error', () => undefined);
  srf.connect({ host: '127.0.0.1', port: adminPort, secret });
  await once(srf, 'connect');
  t.after(() => {
    try {
      srf.disconnect();
    } catch {
      // The engine stopped first and took the connection with it.
    }
  });
  srf.use('register', (_req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(200, { headers: { Expires: '300' } }));
  srf.use('options', (_req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(200));
  srf.invite((req: Srf.SrfRequest, res: Srf.SrfResponse) => {
    void srf.createUAS(req, res, { localSdp: sdp }).catch(() => undefined);
  });
  await new Promise((r) => setTimeout(r, 100));
  return srf;
}
