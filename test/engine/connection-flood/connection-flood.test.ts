// 3,000 raw TCP connections from one address to the center's TLS port, then to its WSS port,
// none of which ever starts a handshake: past the per-address cap (200) they are closed at
// once, the rest at the handshake deadline (5 s); the center's HTTP API answers throughout,
// and RSS comes back within 20 % of its baseline (baseline, peak and after are printed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startCenter } from '../../e2e/helpers/center.js';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const attacker = '127.0.0.5';
const total = 3000;

async function settledRss(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 300));
  }
  return process.memoryUsage().rss;
}

const flooder = fileURLToPath(new URL('../helpers/connection-flooder.js', import.meta.url));

/** The attack runs in its own process, so only the center's memory is in this one's RSS. */
function flood(port: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [flooder, String(port), attacker, String(total)], { timeout: 60_000 }, (err, stdout) => {
      if (err) reject(err);
      else resolve(JSON.parse(stdout) as number[]);
    });
  });
}

test('3,000 connections from one address to TLS and WSS: cap, deadline, HTTP answers, memory returns', { timeout: 120_000 }, async (t) => {
  const center = await startCenter(t);
  const engine = center.sb.engine;
  assert.ok(engine, 'the built-in engine exposes its control interface');
  const { connectionsPerIp, handshakeTimeoutSec } = engine.config.limits;
  const tlsPort = Number(engine.hostports.find((h) => h.startsWith('tls/'))?.split(':').pop());
  const baseline = await settledRss();
  let peak = baseline;

  let httpOk = 0;
  let httpFailed = 0;
  let httpMax = 0;
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const t0 = Date.now();
      try {
        const res = await fetch(`http://127.0.0.1:${center.httpPort}/api/health`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        httpOk++;
      } catch {
        httpFailed++;
      }
      httpMax = Math.max(httpMax, Date.now() - t0);
      peak = Math.max(peak, process.memoryUsage().rss);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  for (const [name, port] of [['tls', tlsPort], ['wss', center.wssPort]] as const) {
    const lifetimes = await flood(port);
    const refused = lifetimes.filter((ms) => ms < 500).length;
    const cut = lifetimes.filter((ms) => ms >= handshakeTimeoutSec * 1000 - 100 && ms < handshakeTimeoutSec * 1000 + 3000).length;
    t.diagnostic(`${name}: ${total} connections: ${refused} closed at once (max ${Math.max(...lifetimes.filter((ms) => ms < 500))} ms), ${cut} closed at the ${handshakeTimeoutSec} s handshake deadline, ${total - refused - cut} otherwise`);
    assert.ok(refused >= total - connectionsPerIp, `${refused} refused at once`);
    assert.ok(cut > 0 && cut <= connectionsPerIp, `${cut} held until the deadline`);
    assert.equal(refused + cut, total, 'every connection is either refused at once or cut at the deadline');
    assert.equal((await engine.stats()).connections, 0, 'every slot is given back');
  }
  polling = false;
  await poller;
  // V8 gives freed heap pages back over some seconds (its memory reducer); wait for it, up to 30 s.
  const freedFrom = Date.now();
  let after = await settledRss();
  while (after > baseline * 1.2 && Date.now() - freedFrom < 30_000) {
    await new Promise((r) => setTimeout(r, 1000));
    after = await settledRss();
  }
  const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MB`;
  t.diagnostic(`HTTP /api/health during the floods: ${httpOk} answered, ${httpFailed} failed, slowest ${httpMax} ms`);
  t.diagnostic(`RSS baseline ${mb(baseline)}, peak ${mb(peak)}, after ${mb(after)} (${((after / baseline - 1) * 100).toFixed(1)} %, ${((Date.now() - freedFrom) / 1000).toFixed(1)} s after the attack)`);
  assert.equal(httpFailed, 0, 'the HTTP API answers throughout');
  assert.ok(httpOk > 50);
  assert.ok(after <= baseline * 1.2, `RSS after ${mb(after)} vs baseline ${mb(baseline)}`);
});
