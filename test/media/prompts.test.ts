// Must-show 2: a prompt played to one leg arrives there and not at the other, its completion is
// reported within 100 ms of the real end (seen in the packets), music on hold loops until
// stopped. Also text-to-speech: espeak-ng output cached by text + voice and playable.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { startMedia, sleep, type MediaFixture } from './tools/fixture.js';
import { goertzelPower, rms } from './tools/spectrum.js';
import type { RtpEndpoint, ReceivedPacket } from './tools/rtp-endpoint.js';

let fx: MediaFixture;
let a: RtpEndpoint;
let b: RtpEndpoint;
before(async () => {
  fx = await startMedia();
  a = await fx.endpoint();
  b = await fx.endpoint();
  b.setRemote(await fx.media.anchorOffer('p-1', 'caller', a.sdp()));
  a.setRemote(await fx.media.anchorAnswer('p-1', 'agent', b.sdp()));
  a.start(440);
  b.start(1000);
  await sleep(200);
});
after(async () => {
  await fx?.close();
});

function toneFile(name: string, freq: number, seconds: number): string {
  const path = join(fx.workDir, name);
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', path, 'synth', String(seconds), 'sine', String(freq), 'vol', '0.5']);
  return path;
}

/** True when the packet is mostly the given tone. */
function isTone(p: ReceivedPacket, freq: number): boolean {
  return p.samples.length > 0 && goertzelPower(p.samples, freq) > 0.3 * rms(p.samples) ** 2;
}

test('prompt: heard by its leg only, peer muted meanwhile, completion within 100 ms of the real end', async () => {
  const file = toneFile('prompt600.wav', 600, 1.2);
  const t0 = Date.now();
  const handle = await fx.media.playPrompt('p-1', 'caller', { file });
  assert.ok(Math.abs(handle.durationMs - 1200) <= 40, `duration ${handle.durationMs}`);
  const end = await handle.done;
  assert.equal(end.reason, 'completed');
  await sleep(400);
  const promptPackets = a.received.filter((p) => p.at >= t0 && isTone(p, 600));
  assert.ok(promptPackets.length >= 50, `caller got ${promptPackets.length} prompt packets`);
  // rtpengine sends the first ~100 ms of a prompt in a burst, so arrival times run ahead of the
  // audio. The real end is where the prompt's last sample plays out at the listener: first
  // arrival plus the prompt's length in RTP time (8 samples per ms).
  const first = promptPackets[0];
  const last = promptPackets[promptPackets.length - 1];
  assert.ok(first && last);
  const realEnd = first.at + (((last.timestamp - first.timestamp) >>> 0) + last.samples.length) / 8;
  const arrivalEnd = last.at + 20;
  assert.ok(Math.abs(end.at - realEnd) <= 100, `completion reported ${end.at - realEnd} ms from the real end (${end.at - arrivalEnd} ms from the last arrival)`);
  // The agent never got the prompt, and still heard the caller.
  const atB = b.samples(t0, end.at);
  assert.ok(goertzelPower(atB, 600) < goertzelPower(atB, 440) / 100, 'prompt leaked to the agent');
  // While the prompt played the caller did not hear the agent (muted); afterwards it does again.
  const during = a.samples(t0 + 300, end.at - 200);
  assert.ok(goertzelPower(during, 1000) < goertzelPower(during, 600) / 100, 'agent not muted during the prompt');
  const afterwards = a.samples(end.at + 100);
  assert.ok(goertzelPower(afterwards, 1000) > goertzelPower(afterwards, 600) * 100, 'agent not unmuted after the prompt');
});

test('music on hold loops until stopped', async () => {
  const file = toneFile('moh700.wav', 700, 0.5);
  const t0 = Date.now();
  const hold = await fx.media.startMusicOnHold('p-1', 'caller', { file });
  await sleep(2200);
  const held = a.received.filter((p) => p.at > t0 + 1700 && p.at < t0 + 2200 && isTone(p, 700));
  assert.ok(held.length >= 15, `hold music stopped after one pass (${held.length} packets in the 4th pass)`);
  await hold.stop();
  assert.equal((await hold.done).reason, 'stopped');
  const stoppedAt = Date.now();
  await sleep(600);
  const late = a.received.filter((p) => p.at > stoppedAt + 100 && isTone(p, 700));
  assert.equal(late.length, 0, 'hold music kept playing after stop');
});

test('text-to-speech: cached by text + voice, played into a leg', async () => {
  const started = Date.now();
  const path = await fx.media.say('Press 1 for sales', 'en');
  const firstMs = Date.now() - started;
  assert.ok(statSync(path).size > 8000, 'speech file too small');
  const again = Date.now();
  assert.equal(await fx.media.say('Press 1 for sales', 'en'), path);
  assert.ok(Date.now() - again < Math.max(20, firstMs / 2), 'second say was not served from the cache');
  assert.notEqual(await fx.media.say('Press 2 for support', 'en'), path);
  const t0 = Date.now();
  const handle = await fx.media.playPrompt('p-1', 'caller', { text: 'Press 1 for sales' });
  assert.ok(handle.durationMs > 700, `speech lasts ${handle.durationMs} ms`);
  await handle.done;
  const speech = a.received.filter((p) => p.at > t0 && p.at < t0 + handle.durationMs && !isTone(p, 1000));
  assert.ok(speech.length > 20, 'no speech heard');
});
