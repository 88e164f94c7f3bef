// The first end-to-end IVR call on real media: a real rtpengine (through media/'s supervisor, on
// its own ports), a caller that is a Node RTP endpoint anchored with anchorIvr, the session on
// the MediaCallPort. The caller hears the spoken menu (energy at its socket), presses 1 as an
// RFC 4733 event while it plays; the prompt stops (barge-in) and the session ends with
// queue=sales and the path recorded. Other calls: a digit after the prompt played out, a
// hangup mid-prompt, and the call's media deleted under the prompt with nobody telling the port.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { IvrSession, MediaCallPort, validateIvrFlow, type IvrFlow, type IvrResult } from '../../../server/ivr/index.js';
import { startMedia, sleep, type MediaFixture } from '../../media/tools/fixture.js';
import { rms } from '../../media/tools/spectrum.js';
import type { RtpEndpoint } from '../../media/tools/rtp-endpoint.js';

const flowJson = {
  start: 'welcome',
  nodes: {
    welcome: { verb: 'say', text: 'Press 1 for sales. Press 2 for support.', barge_in: true, next: 'main' },
    main: { verb: 'menu', options: { 1: 'sales', 2: 'support' }, timeout_seconds: 5, retries: 1, no_input_prompt: 'Please press 1 or 2.' },
    sales: { verb: 'queue', queue: 'sales' },
    support: { verb: 'queue', queue: 'support' },
  },
};

/** Packet energy above which the caller is hearing the prompt (the dummy peer sends nothing). */
const SPEECH_RMS = 300;

let fx: MediaFixture;
let flow: IvrFlow;
before(async () => {
  fx = await startMedia();
  const checked = validateIvrFlow(flowJson);
  assert.ok(checked.ok, JSON.stringify(!checked.ok && checked.errors));
  flow = checked.flow;
});
after(async () => {
  await fx?.close();
});

interface Call {
  caller: RtpEndpoint;
  port: MediaCallPort;
  /** When the session started. */
  t0: number;
  result: Promise<IvrResult>;
}

/**
 * Answers a caller for the IVR (a Node RTP endpoint sending silence, so rtpengine learns its
 * address), runs the session on the MediaCallPort, and hands both to `body`; the port and the
 * call's media are released afterwards, also on failure.
 */
async function withCall(callId: string, body: (call: Call) => Promise<void>): Promise<void> {
  const caller = await fx.endpoint();
  caller.setRemote(await fx.media.anchorIvr(callId, 'caller', caller.sdp()));
  caller.start(0);
  const port = new MediaCallPort(fx.media, callId, 'caller');
  try {
    const t0 = Date.now();
    await body({ caller, port, t0, result: new IvrSession({ flow, media: port }).run() });
  } finally {
    port.callEnded();
    port.dispose();
    await fx.media.deleteCall(callId);
  }
}

/** ms of speech the caller has heard since `from`. */
const heardMs = (caller: RtpEndpoint, from: number, to = Infinity): number =>
  caller.received.filter((p) => p.at >= from && p.at < to && p.samples.length > 0 && rms(p.samples) > SPEECH_RMS).length * 20;

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

test('caller hears the menu, presses 1 (RFC 4733) during it: queue sales, path recorded, prompt stopped', (t) => withCall('ivr-e2e-1', async ({ caller, t0, result: running }) => {
  await waitFor(() => heardMs(caller, t0) >= 600, 8000, 'the spoken menu at the caller');
  caller.sendRfc4733Digit('1');
  const pressedAt = Date.now();
  const result = await running;
  const endedAt = Date.now();
  t.diagnostic(`digit sent → outcome: ${endedAt - pressedAt} ms; speech heard before the digit: ${heardMs(caller, t0, pressedAt)} ms`);

  assert.deepEqual(result.outcome, { kind: 'queue', queue: 'sales' });
  assert.deepEqual(result.path.map((s) => [s.node, s.verb, s.digits, s.result]), [
    ['welcome', 'say', undefined, 'interrupted'],
    ['main', 'menu', '1', 'chosen'],
    ['sales', 'queue', undefined, undefined],
  ]);
  // Barge-in: the prompt (about 2.9 s of speech) was cut short — no speech once rtpengine
  // had the stop (allow 300 ms for packets in flight and rtpengine's burst ahead).
  await sleep(800);
  assert.equal(heardMs(caller, endedAt + 300), 0, 'the prompt kept playing after the digit');
  t.diagnostic(`speech heard in all: ${heardMs(caller, t0)} ms (the whole prompt is about 2.9 s)`);
}));

test('caller lets the menu play out, then presses 2: queue support', () => withCall('ivr-e2e-2', async ({ caller, t0, result: running }) => {
  await waitFor(() => heardMs(caller, t0) >= 300, 8000, 'the spoken menu at the caller');
  // The prompt is over once a second passes with no speech (its pauses are shorter).
  await waitFor(() => heardMs(caller, Date.now() - 1000) === 0, 8000, 'the end of the prompt');
  caller.sendRfc4733Digit('2');
  const result = await running;
  assert.deepEqual(result.outcome, { kind: 'queue', queue: 'support' });
  assert.deepEqual(result.path.map((s) => [s.node, s.digits, s.result]), [['welcome', undefined, undefined], ['main', '2', 'chosen'], ['support', undefined, undefined]]);
  assert.ok(heardMs(caller, t0) >= 2000, `only ${heardMs(caller, t0)} ms of the prompt heard`);
}));

test('caller hangs up mid-prompt: the session ends as caller-hangup at once', () => withCall('ivr-e2e-3', async ({ caller, port, t0, result: running }) => {
  await waitFor(() => heardMs(caller, t0) >= 300, 8000, 'the spoken menu at the caller');
  caller.stop();
  const hungUpAt = Date.now();
  port.callEnded(); // what the SIP layer does on BYE
  const result = await running;
  assert.ok(Date.now() - hungUpAt < 500, `session took ${Date.now() - hungUpAt} ms to end`);
  assert.deepEqual(result.outcome, { kind: 'caller-hangup' });
  assert.deepEqual(result.path.map((s) => s.node), ['welcome']);
}));

test('the call\'s media is deleted under a playing prompt: the port notices and the session ends', () => withCall('ivr-e2e-4', async ({ caller, t0, result: running }) => {
  await waitFor(() => heardMs(caller, t0) >= 300, 8000, 'the spoken menu at the caller');
  const deletedAt = Date.now();
  await fx.media.deleteCall('ivr-e2e-4'); // nobody calls port.callEnded()
  const result = await running;
  assert.ok(Date.now() - deletedAt < 500, `session took ${Date.now() - deletedAt} ms to end`);
  assert.deepEqual(result.outcome, { kind: 'caller-hangup' });
}));
