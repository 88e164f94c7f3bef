// Must-show 4: a two-channel WAV with the caller's tone on channel 1 and the agent's on
// channel 2, the right length, silence over a paused span that the metadata also records,
// plus the optional mixed mono file.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { startMedia, sleep, type MediaFixture } from './tools/fixture.js';
import { peakFrequency, rms } from './tools/spectrum.js';
import { readWav } from './tools/wav.js';

let fx: MediaFixture;
before(async () => {
  fx = await startMedia();
});
after(async () => {
  await fx?.close();
});

const ms = (n: number): number => Math.round(n * 8);

test('recording: two channels, right length, silent paused span recorded in the metadata', async () => {
  const a = await fx.endpoint();
  const b = await fx.endpoint();
  b.setRemote(await fx.media.anchorOffer('r-1', 'caller', a.sdp()));
  a.setRemote(await fx.media.anchorAnswer('r-1', 'agent', b.sdp()));
  a.start(440);
  b.start(1000);
  await sleep(200);
  // The machine is shared and timers run late, so lengths are checked against the measured
  // wall clock, not against the nominal sleeps.
  const beforeStart = Date.now();
  const rec = await fx.media.startRecording('r-1', { mixed: true });
  const started = Date.now();
  await sleep(1000);
  const pausedAt = Date.now();
  rec.pause();
  await sleep(1000);
  const resumedAt = Date.now();
  rec.resume();
  await sleep(1000);
  const stopping = Date.now();
  const announced = once(fx.media, 'recording');
  const info = await rec.stop();
  const stopped = Date.now();
  assert.deepEqual(await announced, [info], 'the recording event carries the same metadata');
  const within = (value: number, lo: number, hi: number, what: string): void => assert.ok(value >= lo - 40 && value <= hi + 40, `${what} ${value} not in ${lo}..${hi}`);

  assert.equal(info.callId, 'r-1');
  assert.deepEqual(info.channelTags, ['caller', 'agent']);
  within(info.durationMs, stopping - started, stopped - beforeStart, 'duration');
  assert.equal(info.pausedSpans.length, 1);
  const span = info.pausedSpans[0];
  assert.ok(span);
  within(span.startMs, pausedAt - started, pausedAt - beforeStart, 'pause start');
  within(span.endMs, resumedAt - started, resumedAt - beforeStart, 'pause end');

  const wav = readWav(info.path);
  assert.equal(wav.sampleRate, 8000);
  assert.equal(wav.channels.length, 2);
  const [caller, agent] = wav.channels;
  assert.ok(caller && agent);
  assert.ok(Math.abs(caller.length / 8 - info.durationMs) <= 1);
  const windows: [number, number][] = [[100, span.startMs - 100], [span.endMs + 100, info.durationMs - 100]];
  for (const [from, to] of windows) {
    const c = caller.subarray(ms(from), ms(to));
    const g = agent.subarray(ms(from), ms(to));
    assert.ok(Math.abs(peakFrequency(c) - 440) <= 10, `channel 1 peak ${peakFrequency(c)} in ${from}-${to}`);
    assert.ok(Math.abs(peakFrequency(g) - 1000) <= 10, `channel 2 peak ${peakFrequency(g)} in ${from}-${to}`);
    assert.ok(rms(c) > 1000 && rms(g) > 1000, 'recorded audio too quiet (gaps?)');
  }
  const paused = [caller.subarray(ms(span.startMs), ms(span.endMs)), agent.subarray(ms(span.startMs), ms(span.endMs))];
  for (const p of paused) assert.equal(rms(p), 0, 'audio in the paused span');

  assert.ok(info.mixedPath && existsSync(info.mixedPath));
  const mix = readWav(info.mixedPath);
  assert.equal(mix.channels.length, 1);
  const m = mix.channels[0]?.subarray(ms(100), ms(900));
  assert.ok(m);
  const peak = peakFrequency(m);
  assert.ok(Math.abs(peak - 440) <= 10 || Math.abs(peak - 1000) <= 10);
  // deleteCall hands back the call's recordings (already stopped here) for the index.
  const infos = await fx.media.deleteCall('r-1');
  assert.deepEqual(infos.map((i) => i.id), [info.id]);
});

test('recording can start late and runs until the call is deleted', async () => {
  const a = await fx.endpoint();
  const b = await fx.endpoint();
  b.setRemote(await fx.media.anchorOffer('r-2', 'caller', a.sdp()));
  a.setRemote(await fx.media.anchorAnswer('r-2', 'agent', b.sdp()));
  a.start(500);
  b.start(1500);
  await sleep(800);
  const t0 = Date.now();
  await fx.media.startRecording('r-2');
  await sleep(700);
  const [info] = await fx.media.deleteCall('r-2');
  const t1 = Date.now();
  assert.ok(info && info.durationMs >= 660 && info.durationMs <= t1 - t0 + 40, `duration ${info?.durationMs}`);
  const [c1, c2] = readWav(info.path).channels;
  assert.ok(c1 && c2);
  assert.ok(Math.abs(peakFrequency(c1.subarray(ms(100))) - 500) <= 10);
  assert.ok(Math.abs(peakFrequency(c2.subarray(ms(100))) - 1500) <= 10);
});
