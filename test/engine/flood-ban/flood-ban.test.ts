// Pike-style flood ban, against the engine CLI as `npm run engine` runs it (its own process,
// default limits: more than 100 requests/s over 2 s bans for 300 s): a REGISTER flood and an
// INVITE flood at 500/s, each from one address, are banned within 2 s and logged once each as
// a security line fail2ban can read; a legitimate source's OPTIONS keep a low latency
// throughout (p95 printed). The CLI is started without a secret: it prints a generated one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../helpers/ports.js';
import { RawSipPeer, header, percentile, sdp } from '../helpers/raw-sip-peer.js';
import { answeringApp } from '../helpers/call-flow.js';

const cli = fileURLToPath(new URL('../../../server/engine/cli.js', import.meta.url));

interface Flood {
  address: string;
  startedAt: number;
  sent: number;
  /** Distinct requests (Call-IDs) that got any answer. */
  answered: number;
  /** Answers that arrived more than 200 ms after the ban. */
  lateAnswers: number;
  bannedAt: number;
}

test('REGISTER and INVITE floods at 500/s are banned within 2 s, logged once; others keep low latency', { timeout: 60_000 }, async (t) => {
  const sipPort = await freePort();
  const adminPort = await freePort();
  const env = { ...process.env };
  delete env.DRACHTIO_SECRET;
  const child = spawn(process.execPath, [cli, '--contact', `sip:127.0.0.1:${sipPort};transport=udp`, '--address', '127.0.0.1', '--port', String(adminPort), '--loglevel', 'warn', '--noconfig'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGTERM'));
  let stdout = '';
  const stderrLines: string[] = [];
  child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
  child.stderr.on('data', (b: Buffer) => stderrLines.push(...b.toString().split('\n').filter(Boolean)));
  const deadline = Date.now() + 10_000;
  while (!/engine ready/.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const secret = /generated one, shown only now: (\S+)/.exec(stdout)?.[1];
  assert.ok(secret && secret !== 'cymru', `the CLI prints a generated secret: ${stdout}`);
  await answeringApp(t, adminPort, secret);

  const alice = await RawSipPeer.open(t, '127.0.0.1', sipPort);
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  alice.onMessage = (m, at) => {
    const id = header(m, 'call-id');
    const s = sentAt.get(id);
    if (s !== undefined && /^SIP\/2\.0 200/.test(m)) { latencies.push(at - s); sentAt.delete(id); }
  };
  let n = 0;
  const probe = setInterval(() => {
    const id = `alice-${n++}`;
    sentAt.set(id, Date.now());
    alice.send(alice.request('OPTIONS', { callId: id }));
  }, 20);

  const floods: Flood[] = [];
  for (const [address, method] of [['127.0.0.5', 'REGISTER'], ['127.0.0.6', 'INVITE']] as const) {
    const attacker = await RawSipPeer.open(t, address, sipPort);
    const answeredIds = new Set<string>();
    const answerTimes: number[] = [];
    attacker.onMessage = (m, at) => { answeredIds.add(header(m, 'call-id')); answerTimes.push(at); };
    const startedAt = Date.now();
    const sent = await attacker.flood(500, 4, (i) => attacker.request(method, { callId: `${method}-${i}`, ...(method === 'INVITE' ? { body: sdp } : {}) }));
    await new Promise((r) => setTimeout(r, 300));
    const line = stderrLines.find((l) => l.includes(`"security":"sip","ip":"${address}"`));
    assert.ok(line, `a security line for ${address}: ${stderrLines.join('\n')}`);
    const bannedAt = Date.parse(line.split(' ')[0] ?? '');
    floods.push({ address, startedAt, sent, answered: answeredIds.size, lateAnswers: answerTimes.filter((x) => x > bannedAt + 200).length, bannedAt });
    assert.match(line, /engine warn \{"security":"sip","ip":"127\.0\.0\.\d","reason":"flood","rate":\d+,"banSec":300,"msg":"sip security event"\}$/);
  }
  clearInterval(probe);
  await new Promise((r) => setTimeout(r, 200));

  for (const f of floods) {
    const lines = stderrLines.filter((l) => l.includes(`"security":"sip","ip":"${f.address}"`));
    t.diagnostic(`${f.address}: sent ${f.sent} in 4 s, banned after ${f.bannedAt - f.startedAt} ms, ${f.answered} requests answered, ${lines.length} security line(s)`);
    assert.ok(f.bannedAt - f.startedAt < 2000, `banned after ${f.bannedAt - f.startedAt} ms`);
    assert.equal(lines.length, 1, 'one security line per ban');
    assert.ok(f.answered <= 300, `${f.answered} of the flood's requests were answered`);
  }
  // REGISTER has no retransmitted final responses: after the ban the source hears nothing.
  assert.equal(floods[0]?.lateAnswers, 0);
  const p95 = percentile(latencies, 95);
  t.diagnostic(`legitimate OPTIONS during the floods: ${latencies.length} answered of ${n}, p50 ${percentile(latencies, 50)} ms, p95 ${p95} ms, max ${Math.max(...latencies)} ms`);
  assert.ok(latencies.length >= n - 5, `only ${latencies.length} of ${n} legitimate requests answered`);
  assert.ok(p95 < 200, `p95 ${p95} ms`);
});
