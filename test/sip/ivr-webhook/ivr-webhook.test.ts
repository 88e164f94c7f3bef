// The webhook verb on the whole center: the demo number runs a flow whose first node asks a
// local HTTP server (loopback: the center is started with private targets allowed). The server
// answers say + gather + webhook; the caller hears the speech (energy in its RTP), enters its
// order number as RFC 4733 digits, the second request carries them, and the answer queues the
// call (the ACD shows it waiting in sales). A server that never answers sends the call down
// on_failure within timeout_ms plus slack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, startCenter, type Center } from '../../e2e/helpers/center.js';
import { NodePhone } from '../../e2e/helpers/node-phone.js';
import { rms } from '../../media/tools/spectrum.js';
import type { PromptSource } from '../../../media/index.js';
import { DEMO_NUMBER, demoFlow, reposOf } from '../calls/helpers/call-rig.js';

interface HookBody { call_id: string; caller: string; called: string; round: number; variables: Record<string, string>; digits: string }

/** Records every prompt the center starts, with when. */
function watchPrompts(c: Center): { callId: string; source: PromptSource; at: number }[] {
  const played: { callId: string; source: PromptSource; at: number }[] = [];
  const media = c.sb.media;
  const realPlay = media.playPrompt.bind(media);
  media.playPrompt = (callId, leg, source, options) => {
    played.push({ callId, source, at: Date.now() });
    return realPlay(callId, leg, source, options);
  };
  return played;
}

const textOf = (p: { source: PromptSource }): string => ('text' in p.source ? p.source.text : '');

const waitingIn = (c: Center, queue: string): number => c.sb.acd.snapshot().queues.find((q) => q.name === queue)?.waiting.length ?? 0;

test('a webhook answers say + gather, then queue: heard, digits sent on, queued; a silent webhook goes to on_failure in time', { timeout: 120_000 }, async (t) => {
  const c = await startCenter(t, { ivrWebhooks: { allowPrivateTargets: true } });
  const repos = reposOf(c);
  const played = watchPrompts(c);

  const requests: { path: string; body: HookBody; at: number }[] = [];
  const stalled: ServerResponse[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as HookBody;
      requests.push({ path: req.url ?? '', body, at: Date.now() });
      if (req.url === '/silent') return void stalled.push(res);
      const reply = body.round === 1
        ? [{ verb: 'say', text: 'Welcome to the order line of Switchboard.' },
          { verb: 'gather', prompt: 'Enter your order number, then hash.', variable: 'order', max_digits: 6, terminator: '#', timeout_seconds: 10 },
          { verb: 'webhook' }]
        : [{ verb: 'set', variables: { order_status: `order ${body.variables.order ?? ''} shipped` } }, { verb: 'queue', queue: 'sales' }];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.after(async () => {
    for (const res of stalled) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const flow = (path: string, timeoutMs: number) => ({
    start: 'hook',
    nodes: {
      hook: { verb: 'webhook', url: `${base}${path}`, timeout_ms: timeoutMs, on_failure: 'fallback' },
      fallback: { verb: 'say', text: 'Our order system is not answering. Please hold for an agent.', next: 'support' },
      support: { verb: 'queue', queue: 'support' },
    },
  });

  // 1. The webhook drives the call.
  await demoFlow(repos, flow('/orders', 3000));
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550007001');
  t.after(() => caller.close());
  const call = await caller.call(DEMO_NUMBER);
  caller.rtp.start(440);
  const record = await eventually(async () => (await repos.calls.search({ limit: 5, number: '+15550007001' })).items[0], 5000, 'the call record');

  const prompt = await eventually(async () => played.find((p) => textOf(p) === 'Enter your order number, then hash.'), 15_000, 'the gather prompt of the reply');
  const say = played.find((p) => textOf(p) === 'Welcome to the order line of Switchboard.');
  assert.ok(say, 'the reply\'s say was played');
  assert.ok(say.at < prompt.at);
  // The caller heard the say: energy in what reached it between the say and the gather prompt.
  const heard = rms(caller.rtp.samples(say.at, prompt.at));
  assert.ok(heard > 200, `the caller hears the speech (rms ${heard.toFixed(0)})`);
  for (const digit of '4711#') caller.rtp.sendRfc4733Digit(digit);

  await eventually(async () => (waitingIn(c, 'sales') === 1 ? true : undefined), 15_000, 'the call waiting in sales');
  assert.equal(requests.length, 2);
  assert.deepEqual(requests.map((r) => [r.path, r.body.round, r.body.digits]), [['/orders', 1, ''], ['/orders', 2, '4711#']]);
  assert.deepEqual(requests[0]?.body, { call_id: record.id, caller: '+15550007001', called: '+15550100', round: 1, variables: { caller: '+15550007001' }, digits: '' });
  assert.equal(requests[1]?.body.variables.order, '4711');
  await call.hangup();
  const done = await eventually(async () => {
    const row = await repos.calls.get(record.id);
    return row?.status === 'completed' ? row : undefined;
  }, 10_000, 'the first call completed');
  assert.equal(done.variables.order_status, 'order 4711 shipped');
  assert.deepEqual(done.ivr_path, ['hook 4711# (collected)'], 'the record shows the webhook node and the digits entered in its reply');

  // 2. A webhook that never answers: on_failure within timeout_ms + slack.
  await demoFlow(repos, flow('/silent', 1500));
  const second = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550007002');
  t.after(() => second.close());
  const call2 = await second.call(DEMO_NUMBER);
  const asked = await eventually(async () => requests.find((r) => r.path === '/silent'), 5000, 'the silent webhook asked');
  const fallback = await eventually(async () => played.find((p) => textOf(p).startsWith('Our order system is not answering')), 10_000, 'the fallback prompt');
  const took = fallback.at - asked.at;
  assert.ok(took >= 1400 && took < 2500, `on_failure after ${took} ms (timeout_ms 1500)`);
  await eventually(async () => (waitingIn(c, 'support') === 1 ? true : undefined), 10_000, 'the call waiting in support');
  const warning = c.logs.find((l) => l.msg === 'IVR webhook failed; on_failure' && l.failure === 'timeout');
  assert.ok(warning, 'the failure is logged');
  assert.equal(warning.node, 'hook');
  await call2.hangup();
  t.diagnostic(`speech rms ${heard.toFixed(0)}; fallback after ${took} ms of a 1500 ms timeout`);
});
