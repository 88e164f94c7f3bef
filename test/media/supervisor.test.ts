// Must-show 6: rtpengine killed mid-call is restarted within a few seconds, the app is told
// which calls died, and a new call afterwards works. Calls are spread over healthy instances,
// and a hung (stopped) instance is detected by missed pings and replaced too.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startMedia, sleep, type MediaFixture } from './tools/fixture.js';
import { peakFrequency } from './tools/spectrum.js';
import { MediaUnavailableError } from '../../media/index.js';
import type { InstanceDownEvent, RecordingInfo } from '../../media/index.js';
import type { RtpEndpoint } from './tools/rtp-endpoint.js';
import { processesMatching } from '../helpers/processes.js';

const limit = { timeout: 30_000 };

let fx: MediaFixture;
/** Endpoints by call id, so the calls reported dead can be hung up as the app would. */
const endpoints = new Map<string, RtpEndpoint[]>();
before(async () => {
  fx = await startMedia({ instanceCount: 2 });
  // The app's part: end the dead calls, so their phones stop sending to ports a restarted
  // rtpengine may hand to new calls.
  fx.media.on('instance-down', (e) => {
    for (const id of e.callIds) for (const ep of endpoints.get(id) ?? []) ep.stop();
  });
}, limit);
after(async () => {
  const workDir = fx?.workDir;
  await fx?.close();
  // stop() resolves once every rtpengine it ran has exited: none may keep this file alive.
  if (workDir) assert.deepEqual(processesMatching(`--config-file=${workDir}`), [], 'no rtpengine left');
}, limit);

async function call(id: string, f1: number, f2: number): Promise<() => Promise<void>> {
  const a = await fx.endpoint();
  const b = await fx.endpoint();
  endpoints.set(id, [a, b]);
  b.setRemote(await fx.media.anchorOffer(id, 'caller', a.sdp()));
  a.setRemote(await fx.media.anchorAnswer(id, 'agent', b.sdp()));
  a.start(f1);
  b.start(f2);
  return async () => {
    const t0 = Date.now();
    await sleep(800);
    assert.ok(Math.abs(peakFrequency(a.samples(t0 + 200)) - f2) <= 10, `${id}: caller heard ${peakFrequency(a.samples(t0 + 200))}`);
    assert.ok(Math.abs(peakFrequency(b.samples(t0 + 200)) - f1) <= 10, `${id}: agent heard ${peakFrequency(b.samples(t0 + 200))}`);
  };
}

test('calls are spread over the healthy instances', limit, async () => {
  for (let i = 0; i < 4; i++) await call(`s-${i}`, 400 + i * 100, 1500 + i * 100);
  assert.deepEqual(fx.media.load(), { rtp0: 2, rtp1: 2 });
});

test('killed mid-call: restarted, affected calls reported, others unharmed, new call works', limit, async () => {
  const pid = fx.media.pids().rtp0;
  assert.ok(pid);
  await fx.media.startRecording('s-0');
  const hold = join(fx.workDir, 'hold.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', hold, 'synth', '1', 'sine', '500']);
  const music = await fx.media.startMusicOnHold('s-2', 'caller', { file: hold });
  const recorded = once(fx.media, 'recording') as Promise<[RecordingInfo]>;
  const down = once(fx.media, 'instance-down') as Promise<[InstanceDownEvent]>;
  const up = once(fx.media, 'instance-up');
  const killedAt = Date.now();
  process.kill(pid, 'SIGKILL');
  const [event] = await down;
  assert.equal(event.instance, 'rtp0');
  assert.deepEqual(event.callIds.sort(), ['s-0', 's-2']);
  assert.deepEqual(fx.media.load(), { rtp0: 0, rtp1: 2 });
  // Prompts on dead calls end as 'call-ended'; recordings are closed and handed to the app.
  assert.equal((await music.done).reason, 'call-ended');
  const [info] = await recorded;
  assert.equal(info.callId, 's-0');
  assert.ok(info.durationMs > 0);
  await up;
  const restartMs = Date.now() - killedAt;
  assert.ok(restartMs < 5000, `restart took ${restartMs} ms`);
  assert.notEqual(fx.media.pids().rtp0, pid);
  // A call on the surviving instance still flows, and new calls work on both.
  const survivor = await call('s-new-1', 700, 1900);
  const fresh = await call('s-new-2', 800, 2100);
  await Promise.all([survivor(), fresh()]);
  assert.deepEqual(fx.media.load(), { rtp0: 2, rtp1: 2 });
});

test('a hung instance is killed after missed pings and replaced', limit, async () => {
  const pid = fx.media.pids().rtp1;
  assert.ok(pid);
  const down = once(fx.media, 'instance-down') as Promise<[InstanceDownEvent]>;
  const up = once(fx.media, 'instance-up');
  process.kill(pid, 'SIGSTOP');
  const [event] = await down;
  assert.equal(event.instance, 'rtp1');
  assert.deepEqual(event.callIds.sort(), ['s-1', 's-3']);
  await up;
  const check = await call('s-after-hang', 500, 1300);
  await check();
});

test('with every instance down, new calls fail with a typed error until one is back', limit, async () => {
  const down = new Promise<void>((resolve) => {
    let seen = 0;
    const onDown = (): void => {
      if (++seen < 2) return;
      fx.media.off('instance-down', onDown);
      resolve();
    };
    fx.media.on('instance-down', onDown);
  });
  const pids = Object.values(fx.media.pids());
  for (const pid of pids) if (pid) process.kill(pid, 'SIGKILL');
  await down;
  await assert.rejects(fx.media.anchorOffer('s-none', 'caller', (await fx.endpoint()).sdp()), MediaUnavailableError);
  await once(fx.media, 'instance-up');
  await sleep(100);
  const check = await call('s-back', 600, 1100);
  await check();
});
