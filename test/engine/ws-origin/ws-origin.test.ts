// The center's WSS listener takes browsers only from its own web origins (derived from the
// HTTP address, plus WEB_ORIGINS): a foreign Origin is refused with 403 at the upgrade, the
// softphone's own Origin and a listed one work, and a client sending no Origin (not a
// browser: desk-phone apps, sip.js in node) is let in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startCenter } from '../../e2e/helpers/center.js';

type Outcome = { open: true; answer: string } | { open: false; status: number };

function tryUpgrade(wssPort: number, origin: string | undefined): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss://127.0.0.1:${wssPort}`, 'sip', { rejectUnauthorized: false, ...(origin ? { origin } : {}) });
    const timer = setTimeout(() => { ws.terminate(); reject(new Error('no outcome within 5 s')); }, 5000);
    ws.on('unexpected-response', (_req, res) => { clearTimeout(timer); ws.terminate(); resolve({ open: false, status: res.statusCode ?? 0 }); });
    ws.on('error', () => undefined);
    ws.on('open', () => {
      ws.send(['OPTIONS sip:127.0.0.1 SIP/2.0', 'Via: SIP/2.0/WSS client.invalid;branch=z9hG4bKorigin' + Math.random().toString(36).slice(2), 'Max-Forwards: 70',
        'From: <sip:probe@client.invalid>;tag=o1', 'To: <sip:127.0.0.1>', `Call-ID: origin-${Math.random()}`, 'CSeq: 1 OPTIONS', 'Content-Length: 0', '', ''].join('\r\n'));
    });
    ws.on('message', (data: Buffer) => { clearTimeout(timer); ws.close(); resolve({ open: true, answer: data.toString() }); });
  });
}

test('WSS upgrade: foreign Origin refused, own and WEB_ORIGINS origins work, no Origin works', { timeout: 90_000 }, async (t) => {
  const saved = process.env.WEB_ORIGINS;
  process.env.WEB_ORIGINS = 'https://cc.example.com';
  t.after(() => { if (saved === undefined) delete process.env.WEB_ORIGINS; else process.env.WEB_ORIGINS = saved; });
  const center = await startCenter(t);
  const cases: [string, string | undefined][] = [
    ['foreign', 'https://evil.example'],
    ['foreign port', `http://127.0.0.1:${center.httpPort + 1}`],
    ['own', `http://127.0.0.1:${center.httpPort}`],
    ['own by name', `http://localhost:${center.httpPort}`],
    ['WEB_ORIGINS', 'https://cc.example.com'],
    ['no Origin', undefined],
  ];
  const results = new Map<string, Outcome>();
  for (const [name, origin] of cases) {
    const r = await tryUpgrade(center.wssPort, origin);
    results.set(name, r);
    t.diagnostic(`${name} (${origin ?? '-'}): ${r.open ? `open, ${r.answer.split('\r\n')[0]}` : `refused ${r.status}`}`);
  }
  assert.deepEqual(results.get('foreign'), { open: false, status: 403 });
  assert.deepEqual(results.get('foreign port'), { open: false, status: 403 });
  for (const name of ['own', 'own by name', 'WEB_ORIGINS', 'no Origin']) {
    const r = results.get(name);
    assert.ok(r?.open, `${name} must be let in`);
    assert.match(r.answer, /^SIP\/2\.0 \d{3} /, `${name}: SIP flows over the socket`);
  }
});
