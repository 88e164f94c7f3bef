// The pending table (requests handed to the app, not answered yet) is shared fairly: one
// source holds at most its share (limits.pendingPerSource), a trusted source (local-net) is
// exempt, and when the table is full a newcomer takes the oldest slot of the heaviest source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import Srf from 'drachtio-srf';
import { startEngine } from '../../../server/engine/engine.js';
import { freePort } from '../../helpers/ports.js';
import { RawSipPeer } from '../helpers/raw-sip-peer.js';

const secret = 'fair-pending-secret';

test('one source can not take more than its share; overload sheds the heaviest source first', { timeout: 30_000 }, async (t) => {
  const sipPort = await freePort();
  const engine = await startEngine({
    contacts: [{ transport: 'udp', host: '127.0.0.1', port: sipPort }],
    admin: { address: '127.0.0.1', port: 0, secret },
    limits: { pendingRequests: 20, pendingPerSource: 8 },
    localNet: ['127.0.0.7/32'],
    logLevel: 'error',
  });
  const srf = new Srf();
  t.after(async () => { srf.disconnect(); await engine.stop(); });
  srf.connect({ host: '127.0.0.1', port: engine.adminPort, secret });
  await once(srf, 'connect');
  const held: string[] = [];
  // The app holds every OPTIONS (a slow app), so each one keeps its slot.
  srf.use('options', (req: Srf.SrfRequest) => { held.push(req.get('Call-ID')); });
  await new Promise((r) => setTimeout(r, 100));
  const until = async (n: number): Promise<void> => {
    const deadline = Date.now() + 5000;
    while (held.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(held.length, n);
  };

  const heavy = await RawSipPeer.open(t, '127.0.0.5', sipPort);
  for (let i = 0; i < 12; i++) heavy.send(heavy.request('OPTIONS', { callId: `heavy-${i}` }));
  await until(8);
  for (let i = 0; i < 4; i++) assert.match(await heavy.next(/^SIP\/2\.0 503/), /too many requests from this source[\s\S]*Retry-After: 5/);
  assert.equal(engine.stats().pendingRequests, 8);

  const trusted = await RawSipPeer.open(t, '127.0.0.7', sipPort);
  for (let i = 0; i < 11; i++) trusted.send(trusted.request('OPTIONS', { callId: `trusted-${i}` }));
  await until(19);
  t.diagnostic('a trusted source holds 11 slots, beyond the per-source share of 8');

  const other = await RawSipPeer.open(t, '127.0.0.6', sipPort);
  other.send(other.request('OPTIONS', { callId: 'other-0' }));
  await until(20);
  other.send(other.request('OPTIONS', { callId: 'other-1' }));
  // The table is full: the newcomer takes the oldest slot of the heaviest source (the trusted one).
  assert.match(await trusted.next(/^SIP\/2\.0 503/), /overloaded[\s\S]*Call-ID: trusted-0/);
  await until(21);
  assert.equal(held.at(-1), 'other-1');
  assert.equal(engine.stats().pendingRequests, 20);
  assert.equal(other.received, 0, 'the light source was not refused');
  t.diagnostic(`pending ${engine.stats().pendingRequests}/20: heavy 8 (4 refused), trusted 10 (1 shed), other 2`);
});
