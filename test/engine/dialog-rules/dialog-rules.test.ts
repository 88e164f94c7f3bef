// Engine rules that sipp scenarios do not reach easily, checked with a raw UDP peer: round-robin
// across apps, 481 for unknown dialogs, re-INVITE glare (491), ACK re-sent for a retransmitted
// 2xx, 200 OK after our CANCEL (ACK then BYE, the app sees 487), and CDR events.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createSocket, type Socket } from 'node:dgram';
import Srf from 'drachtio-srf';
import { startEngine } from '../../../server/engine/engine.js';
import { freePort } from '../../helpers/ports.js';

const sdp = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

interface Peer {
  port: number;
  send(text: string): void;
  /** Next message matching `re` (already received ones count). */
  next(re: RegExp, ms?: number): Promise<string>;
}

async function peer(t: TestContext, enginePort: number): Promise<Peer> {
  const sock: Socket = createSocket('udp4');
  const inbox: string[] = [];
  const waiters: { re: RegExp; resolve: (m: string) => void }[] = [];
  sock.on('message', (b) => {
    const m = b.toString();
    const w = waiters.findIndex((x) => x.re.test(m));
    if (w >= 0) waiters.splice(w, 1)[0]?.resolve(m);
    else inbox.push(m);
  });
  sock.bind(0, '127.0.0.1');
  await once(sock, 'listening');
  t.after(() => sock.close());
  return {
    port: sock.address().port,
    send: (text) => sock.send(text, enginePort, '127.0.0.1'),
    next: (re, ms = 5000) => {
      const i = inbox.findIndex((m) => re.test(m));
      if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0] ?? '');
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message matching ${re} within ${ms} ms`)), ms);
        waiters.push({ re, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    },
  };
}

const header = (msg: string, name: string): string => new RegExp(`^${name}:\\s*(.*)$`, 'mi').exec(msg)?.[1]?.trim() ?? '';

function request(method: string, p: Peer, enginePort: number, o: { callId: string; cseq: number; toTag?: string; fromTag?: string; body?: string; branch?: string }): string {
  const body = o.body ?? '';
  return [`${method} sip:svc@127.0.0.1:${enginePort} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${p.port};branch=${o.branch ?? `z9hG4bK${Math.random().toString(36).slice(2)}`};rport`,
    'Max-Forwards: 70', `From: <sip:peer@127.0.0.1:${p.port}>;tag=${o.fromTag ?? 'peer1'}`, `To: <sip:svc@127.0.0.1:${enginePort}>${o.toTag ? `;tag=${o.toTag}` : ''}`,
    `Call-ID: ${o.callId}`, `CSeq: ${o.cseq} ${method}`, `Contact: <sip:peer@127.0.0.1:${p.port}>`, ...(body ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');
}

/** A response to `req` as a UAS at the peer would send it. */
function response(req: string, status: string, toTag: string, p: Peer, body = ''): string {
  const vias = req.split('\r\n').filter((l) => /^via:/i.test(l));
  return [`SIP/2.0 ${status}`, ...vias, `From: ${header(req, 'from')}`, `To: ${header(req, 'to').replace(/;tag=.*$/, '')};tag=${toTag}`, `Call-ID: ${header(req, 'call-id')}`,
    `CSeq: ${header(req, 'cseq')}`, `Contact: <sip:peer@127.0.0.1:${p.port}>`, ...(body ? ['Content-Type: application/sdp'] : []), `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');
}

async function rig(t: TestContext, cdrs = false): Promise<{ sipPort: number; app: () => Promise<Srf> }> {
  const sipPort = await freePort();
  const adminPort = await freePort();
  const engine = await startEngine({ contacts: [{ transport: 'udp', host: '127.0.0.1', port: sipPort }], admin: { address: '127.0.0.1', port: adminPort, secret: 'cymru' }, cdrs, logLevel: 'error' });
  const apps: Srf[] = [];
  t.after(async () => {
    for (const a of apps) a.disconnect();
    await engine.stop();
  });
  return {
    sipPort,
    app: async () => {
      const srf = new Srf();
      srf.connect({ host: '127.0.0.1', port: adminPort, secret: 'cymru' });
      await once(srf, 'connect');
      apps.push(srf);
      return srf;
    },
  };
}

test('new requests are spread round-robin over the apps that routed the verb', async (t) => {
  const { sipPort, app } = await rig(t);
  const seen: string[] = [];
  for (const name of ['one', 'two']) {
    const srf = await app();
    srf.use('options', (_req: Srf.SrfRequest, res: Srf.SrfResponse) => {
      seen.push(name);
      res.send(200);
    });
  }
  await new Promise((r) => setTimeout(r, 100));
  const p = await peer(t, sipPort);
  for (let i = 0; i < 4; i++) {
    p.send(request('OPTIONS', p, sipPort, { callId: `rr-${i}`, cseq: 1 }));
    await p.next(/^SIP\/2\.0 200/);
  }
  assert.deepEqual([...seen].sort(), ['one', 'one', 'two', 'two']);
});

test('a request in an unknown dialog gets 481', async (t) => {
  const { sipPort } = await rig(t);
  const p = await peer(t, sipPort);
  p.send(request('BYE', p, sipPort, { callId: 'nobody', cseq: 2, toTag: 'ghost' }));
  assert.match(await p.next(/^SIP\/2\.0/), /^SIP\/2\.0 481 /);
});

test('re-INVITE glare: our re-INVITE pending, the peer\'s gets 491', async (t) => {
  const { sipPort, app } = await rig(t);
  const srf = await app();
  const dialogs: Srf.Dialog[] = [];
  srf.invite((req: Srf.SrfRequest, res: Srf.SrfResponse) => {
    void srf.createUAS(req, res, { localSdp: sdp }).then((d) => dialogs.push(d));
  });
  const p = await peer(t, sipPort);
  p.send(request('INVITE', p, sipPort, { callId: 'glare', cseq: 1, body: sdp }));
  const ok = await p.next(/^SIP\/2\.0 200/);
  const toTag = /tag=([^;>\s]+)/.exec(header(ok, 'to'))?.[1] ?? '';
  p.send(request('ACK', p, sipPort, { callId: 'glare', cseq: 1, toTag }).replace('CSeq: 1 ACK', 'CSeq: 1 ACK'));
  while (dialogs.length === 0) await new Promise((r) => setTimeout(r, 20));
  void dialogs[0]?.modify(sdp.replace('4000', '4002')).catch(() => undefined);
  await p.next(/^INVITE /);
  p.send(request('INVITE', p, sipPort, { callId: 'glare', cseq: 2, toTag, body: sdp }));
  assert.match(await p.next(/^SIP\/2\.0 491/), /^SIP\/2\.0 491 Request Pending/);
});

test('UAC: a retransmitted 2xx gets our ACK again', async (t) => {
  const { sipPort, app } = await rig(t);
  const srf = await app();
  const p = await peer(t, sipPort);
  const call = srf.createUAC(`sip:callee@127.0.0.1:${p.port}`, { localSdp: sdp });
  const invite = await p.next(/^INVITE /);
  const ok = response(invite, '200 OK', 'callee1', p, sdp);
  p.send(ok);
  const dialog = await call;
  await p.next(/^ACK /);
  p.send(ok);
  const again = await p.next(/^ACK /);
  assert.match(header(again, 'cseq'), /^\d+ ACK$/);
  dialog.removeAllListeners();
});

test('UAC: 200 OK after our CANCEL is ACKed and hung up, and the app sees 487', async (t) => {
  const { sipPort, app } = await rig(t);
  const srf = await app();
  const p = await peer(t, sipPort);
  let sent: Srf.SrfRequest | undefined;
  // srf calls cbRequest(err, req) although its typings declare (req).
  const cbRequest = ((_err: unknown, req: Srf.SrfRequest) => { sent = req; }) as unknown as (req: Srf.SrfRequest) => void;
  const call = srf.createUAC(`sip:callee@127.0.0.1:${p.port}`, { localSdp: sdp }, { cbRequest });
  const outcome = call.then(() => 200, (err: { status?: number }) => err.status);
  const invite = await p.next(/^INVITE /);
  p.send(response(invite, '180 Ringing', 'callee2', p));
  await new Promise((r) => setTimeout(r, 100));
  sent?.cancel(() => undefined);
  const cancel = await p.next(/^CANCEL /);
  p.send(response(cancel, '200 OK', 'callee2', p));
  p.send(response(invite, '200 OK', 'callee2', p, sdp));
  await p.next(/^ACK /);
  const bye = await p.next(/^BYE /);
  assert.match(header(bye, 'to'), /tag=callee2/);
  assert.equal(await outcome, 487);
});

test('CDR events: attempt, start and stop for an answered and released call', async (t) => {
  const { sipPort, app } = await rig(t, true);
  const srf = await app();
  const cdrs: string[] = [];
  srf.on('cdr:attempt', () => cdrs.push('attempt'));
  srf.on('cdr:start', (_source: string, _time: string, role: string) => cdrs.push(`start:${role}`));
  srf.on('cdr:stop', (_source: string, _time: string, reason: string) => cdrs.push(`stop:${reason}`));
  srf.invite((req: Srf.SrfRequest, res: Srf.SrfResponse) => void srf.createUAS(req, res, { localSdp: sdp }));
  await new Promise((r) => setTimeout(r, 100));
  const p = await peer(t, sipPort);
  p.send(request('INVITE', p, sipPort, { callId: 'cdr', cseq: 1, body: sdp }));
  const ok = await p.next(/^SIP\/2\.0 200/);
  const toTag = /tag=([^;>\s]+)/.exec(header(ok, 'to'))?.[1] ?? '';
  p.send(request('ACK', p, sipPort, { callId: 'cdr', cseq: 1, toTag }));
  p.send(request('BYE', p, sipPort, { callId: 'cdr', cseq: 2, toTag }));
  await p.next(/^SIP\/2\.0 200 .*\r\n[\s\S]*CSeq: 2 BYE/);
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(cdrs, ['attempt', 'start:uas', 'stop:normal-release']);
});

test('UAC: a reliable 183 opens an early dialog the app PRACKs in; the 200 confirms it', async (t) => {
  const { sipPort, app } = await rig(t);
  const srf = await app();
  const p = await peer(t, sipPort);
  const call = srf.createUAC(`sip:callee@127.0.0.1:${p.port}`, { localSdp: sdp });
  const invite = await p.next(/^INVITE /);
  p.send(response(invite, '183 Session Progress', 'early1', p, sdp).replace('Contact:', 'Require: 100rel\r\nRSeq: 7\r\nContact:'));
  const prack = await p.next(/^PRACK /);
  assert.equal(header(prack, 'rack'), `7 ${header(invite, 'cseq')}`);
  assert.match(header(prack, 'to'), /tag=early1/);
  p.send(response(prack, '200 OK', 'early1', p));
  p.send(response(invite, '200 OK', 'early1', p, sdp));
  const dialog = await call;
  await p.next(/^ACK /);
  void dialog.destroy();
  const bye = await p.next(/^BYE /);
  assert.match(header(bye, 'to'), /tag=early1/);
});

test('overload: past the pending-request limit new requests get 503 with Retry-After, and recover', async (t) => {
  const sipPort = await freePort();
  const adminPort = await freePort();
  const engine = await startEngine({ contacts: [{ transport: 'udp', host: '127.0.0.1', port: sipPort }], admin: { address: '127.0.0.1', port: adminPort, secret: 'cymru' }, limits: { pendingRequests: 3, pendingPerSource: 3 }, logLevel: 'error' });
  const srf = new Srf();
  t.after(async () => { srf.disconnect(); await engine.stop(); });
  srf.connect({ host: '127.0.0.1', port: adminPort, secret: 'cymru' });
  await once(srf, 'connect');
  const held: Srf.SrfResponse[] = [];
  srf.use('options', (_req: Srf.SrfRequest, res: Srf.SrfResponse) => { held.push(res); });
  await new Promise((r) => setTimeout(r, 100));
  const p = await peer(t, sipPort);
  for (let i = 0; i < 3; i++) p.send(request('OPTIONS', p, sipPort, { callId: `load-${i}`, cseq: 1 }));
  while (held.length < 3) await new Promise((r) => setTimeout(r, 20));
  p.send(request('OPTIONS', p, sipPort, { callId: 'load-3', cseq: 1 }));
  const refused = await p.next(/^SIP\/2\.0 503/);
  assert.match(refused, /Retry-After: 5/i);
  assert.match(refused, /Call-ID: load-3/);
  for (const res of held) res.send(200);
  await p.next(/^SIP\/2\.0 200[\s\S]*Call-ID: load-2/);
  p.send(request('OPTIONS', p, sipPort, { callId: 'load-4', cseq: 1 }));
  while (held.length < 4) await new Promise((r) => setTimeout(r, 20));
  held[3]?.send(200);
  await p.next(/^SIP\/2\.0 200[\s\S]*Call-ID: load-4/);
});
