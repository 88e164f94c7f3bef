// A source in the engine's discard list (put there through the control interface, as the
// app's security guard does) sends 200 requests/s for 10 s — OPTIONS and INVITEs over raw
// UDP: it gets no answer at all, none of it is parsed or takes a pending-table slot, and a
// legitimate source registers and completes calls in normal time meanwhile. The engine runs
// on its own thread, as in the center, so this also covers the thread's control messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEngineThread } from '../../../server/engine/engine-thread.js';
import { freePort } from '../../helpers/ports.js';
import { RawSipPeer, sdp } from '../helpers/raw-sip-peer.js';
import { answeringApp, registerAndCall } from '../helpers/call-flow.js';

const secret = 'banned-source-test-secret';

test('a discarded source gets no answer at all while another source registers and calls', { timeout: 60_000 }, async (t) => {
  const sipPort = await freePort();
  const engine = await startEngineThread({
    contacts: [{ transport: 'udp', host: '127.0.0.1', port: sipPort }],
    admin: { address: '127.0.0.1', port: 0, secret },
    logLevel: 'error',
  });
  await answeringApp(t, engine.adminPort, secret).catch(async (err: unknown) => { await engine.stop(); throw err; });
  // After hooks run in order: the app disconnects first, so srf does not keep reconnecting.
  t.after(() => engine.stop());
  const attacker = await RawSipPeer.open(t, '127.0.0.5', sipPort);
  const alice = await RawSipPeer.open(t, '127.0.0.1', sipPort);

  assert.throws(() => engine.discard('not-an-ip', 60, 'x'), /not an IP address/);
  assert.throws(() => engine.discard('127.0.0.5', -1, 'x'), /seconds/);
  engine.discard('127.0.0.5', 120, 'guard: wrong-password');
  const list = await engine.discardList();
  assert.deepEqual(list.map((e) => [e.address, e.reason]), [['127.0.0.5', 'guard: wrong-password']]);
  const before = await engine.stats();

  let maxPending = 0;
  const sampler = setInterval(() => {
    void engine.stats().then((s) => { maxPending = Math.max(maxPending, s.pendingRequests); });
  }, 250);
  const flood = attacker.flood(200, 10, (i) => (i % 2 === 0 ? attacker.request('OPTIONS') : attacker.request('INVITE', { body: sdp })));
  const rounds: { registerMs: number; callMs: number }[] = [];
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => setTimeout(r, 2000));
    rounds.push(await registerAndCall(alice, `r${i}`));
  }
  const sent = await flood;
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 1000));
  const after = await engine.stats();

  t.diagnostic(`attacker sent ${sent} requests in 10 s, received ${attacker.received} datagrams; engine dropped ${after.discardedPackets - before.discardedPackets} unseen`);
  t.diagnostic(`legitimate rounds during the flood (register ms / call ms): ${rounds.map((r) => `${r.registerMs}/${r.callMs}`).join(', ')}`);
  t.diagnostic(`pending table: max ${maxPending} of ${engine.config.limits.pendingRequests}; messages parsed during the flood: ${after.received - before.received}`);
  assert.ok(sent >= 1900, `flood sent only ${sent}`);
  assert.equal(attacker.received, 0, 'the discarded source must get no answer at all');
  assert.equal(after.discardedPackets - before.discardedPackets, sent, 'every packet of the discarded source is dropped before parsing');
  assert.ok(after.received - before.received < 50, 'only the legitimate party\'s messages are parsed');
  assert.ok(maxPending <= 2, `pending table held ${maxPending}`);
  for (const r of rounds) assert.ok(r.registerMs < 1000 && r.callMs < 1000, `legitimate round took ${r.registerMs}/${r.callMs} ms`);

  // Lifted: the source is answered again.
  engine.undiscard('127.0.0.5');
  await new Promise((r) => setTimeout(r, 100));
  attacker.send(attacker.request('OPTIONS', { callId: 'after-undiscard' }));
  await attacker.next(/^SIP\/2\.0 200[\s\S]*Call-ID: after-undiscard/);
  assert.equal((await engine.discardList()).length, 0);
});
