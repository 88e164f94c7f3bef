// Connection limits of the engine on real sockets, with short limits: the per-address cap
// counts from accept (before any TLS handshake), an unfinished TLS handshake is cut at the
// deadline, a connection that sends no valid SIP message (pings only) is closed, an idle one
// without registration or dialog is closed, the global budget refuses past its size, and a
// discarded address loses its open connections at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine } from '../../../server/engine/engine.js';
import { ensureSelfSignedCert } from '../../../server/sip/tls-cert.js';
import { freePorts } from '../../helpers/ports.js';
import { openAfter, rawConnect } from '../helpers/raw-connection.js';

test('cap from accept, handshake deadline, first-message and idle limits, global budget, discard', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'engine-hygiene-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tls = await ensureSelfSignedCert(dir);
  const [tcpPort, tlsPort] = await freePorts(2);
  const engine = await startEngine({
    contacts: [{ transport: 'tcp', host: '127.0.0.1', port: tcpPort }, { transport: 'tls', host: '127.0.0.1', port: tlsPort }],
    admin: { address: '127.0.0.1', port: 0, secret: 'hygiene-secret' },
    tls: { key: tls.key, cert: tls.cert },
    limits: { connectionsPerIp: 3, maxConnections: 5, handshakeTimeoutSec: 1, firstMessageTimeoutSec: 2, idleTimeoutSec: 3 },
    logLevel: 'error',
  });
  t.after(() => engine.stop());

  // Per-address cap before TLS: three handshakes pending hold the three slots; the fourth is refused at once.
  const pending = [0, 1, 2].map(() => rawConnect(tlsPort, '127.0.0.5'));
  await new Promise((r) => setTimeout(r, 200));
  const fourth = rawConnect(tlsPort, '127.0.0.5');
  const refusedMs = await fourth.closed;
  assert.ok(refusedMs < 300, `the connection over the cap was closed after ${refusedMs} ms`);
  assert.equal(engine.stats().connections, 3);
  const cut = await Promise.all(pending.map((c) => c.closed));
  t.diagnostic(`over the cap: closed after ${refusedMs} ms; unfinished TLS handshakes closed after ${cut.join(', ')} ms (deadline 1 s)`);
  for (const ms of cut) assert.ok(ms >= 900 && ms < 2500, `handshake cut after ${ms} ms`);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(engine.stats().connections, 0, 'slots are given back');

  // Pings are no SIP request: a connection that only pings is closed at the first-message limit.
  const pinger = rawConnect(tcpPort, '127.0.0.6');
  const pings = setInterval(() => pinger.socket.write('\r\n\r\n'), 200);
  // A connection that sends a valid request stays past that limit, then goes when idle.
  const talker = rawConnect(tcpPort, '127.0.0.6');
  let answered = '';
  talker.socket.on('data', (b: Buffer) => { answered += b.toString(); });
  talker.socket.write(['OPTIONS sip:svc@127.0.0.1 SIP/2.0', 'Via: SIP/2.0/TCP 127.0.0.6:5999;branch=z9hG4bKhygiene1', 'Max-Forwards: 70',
    'From: <sip:t@127.0.0.6>;tag=h1', 'To: <sip:svc@127.0.0.1>', 'Call-ID: hygiene-1', 'CSeq: 1 OPTIONS', 'Content-Length: 0', '', ''].join('\r\n'));
  const pingerMs = await pinger.closed;
  clearInterval(pings);
  assert.ok(pingerMs >= 1900 && pingerMs < 4000, `ping-only connection closed after ${pingerMs} ms (limit 2 s)`);
  assert.ok(await openAfter(talker, 0), 'the connection that sent a request is still open');
  const talkerMs = await talker.closed;
  assert.match(answered, /^SIP\/2\.0 503/, 'the request was answered (no app: 503)');
  assert.ok(talkerMs >= 2900 && talkerMs < 5000, `idle connection closed after ${talkerMs} ms (limit 3 s)`);
  t.diagnostic(`ping-only connection closed after ${pingerMs} ms; idle connection after ${talkerMs} ms`);

  // Global budget of 5: three from one address, two from another, the sixth from a third is refused.
  const held = [...[0, 1, 2].map(() => rawConnect(tcpPort, '127.0.0.7')), ...[0, 1].map(() => rawConnect(tcpPort, '127.0.0.8'))];
  await new Promise((r) => setTimeout(r, 200));
  const sixth = rawConnect(tcpPort, '127.0.0.9');
  assert.ok((await sixth.closed) < 300, 'past the global budget a connection is refused at once');
  assert.equal(engine.stats().connections, 5);

  // Discard: the address's open connections close now, new ones are closed at accept.
  const discardedAt = Date.now();
  engine.discard('127.0.0.7', 60, 'test');
  await Promise.all(held.slice(0, 3).map((c) => c.closed));
  const dropMs = Date.now() - discardedAt;
  for (const c of held.slice(3)) assert.ok(await openAfter(c, 100), 'other addresses keep their connections');
  const again = rawConnect(tcpPort, '127.0.0.7');
  assert.ok((await again.closed) < 300, 'a discarded address can not connect');
  t.diagnostic(`discard closed the address's 3 open connections within ${dropMs} ms`);
  assert.ok(dropMs < 300);
  for (const c of held) c.socket.destroy();
});
