// Media benchmark (prints, asserts nothing): rtpengine CPU per relayed PCMU call and per prompt
// stream at 50, 100 and 200 concurrent calls, driven from Node over 127.0.0.1. CPU is
// rtpengine's own utime+stime from /proc/<pid>/stat over a fixed window, in % of one core.
import { createSocket, type Socket } from 'node:dgram';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { MediaServer } from '../../media/index.js';
import type { PromptHandle } from '../../media/index.js';
import { encodeUlaw } from '../../media/g711.js';
import { buildRtp } from '../../media/rtp.js';
import { audioSections, plainAudioSdp } from '../../media/sdp.js';
import { freePort } from '../helpers/ports.js';
import { benchMixer } from './media-mixer.js';

const SIZES = [50, 100, 200];
const WARMUP_MS = 2000;
const WINDOW_MS = 10_000;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Leg {
  socket: Socket;
  port: number;
  remote: { address: string; port: number } | null;
  seq: number;
  ts: number;
  ssrc: number;
  received: number;
}

async function openLeg(): Promise<Leg> {
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  const leg: Leg = { socket, port: socket.address().port, remote: null, seq: 0, ts: 0, ssrc: randomInt(1, 2 ** 31), received: 0 };
  socket.on('message', () => leg.received++);
  return leg;
}

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]); // utime, stime
}

/** Sends one 20 ms PCMU frame from every leg per tick, paced from the start time. */
function drive(legs: Leg[]): { stop(): number } {
  const tone = new Int16Array(160).map((_, i) => 6000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  const payload = encodeUlaw(tone);
  const start = Date.now();
  let ticks = 0;
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor((Date.now() - start) / 20);
    for (; ticks < due; ticks++) {
      for (const leg of legs) {
        if (!leg.remote) continue;
        leg.socket.send(buildRtp({ payloadType: 0, sequence: leg.seq++, timestamp: (leg.ts += 160), ssrc: leg.ssrc, payload }), leg.remote.port, leg.remote.address);
        sent++;
      }
    }
  }, 5);
  return { stop: () => (clearInterval(timer), sent) };
}

async function measure(pid: number, legs: Leg[]): Promise<{ cpu: number; ratio: number }> {
  for (const l of legs) l.received = 0;
  const driver = drive(legs);
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const received0 = legs.reduce((n, l) => n + l.received, 0);
  const t0 = performance.now();
  const c0 = cpuTicks(pid);
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const c1 = cpuTicks(pid);
  const elapsed = (performance.now() - t0) / 1000;
  const received = legs.reduce((n, l) => n + l.received, 0) - received0;
  driver.stop();
  const expected = legs.filter((l) => l.remote).length * 50 * elapsed;
  return { cpu: ((c1 - c0) / TICKS_PER_SECOND / elapsed) * 100, ratio: received / expected };
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'switchboard-media-bench-'));
  const media = new MediaServer({
    instances: [{ name: 'bench', interfaces: [{ address: '127.0.0.1' }], ngPort: await freePort(), portMin: 30000 + randomInt(0, 100) * 16 }],
    workDir,
    maxCalls: 250,
  });
  await media.start();
  const hold = join(workDir, 'hold.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', hold, 'synth', '2', 'sine', '600', 'vol', '0.5']);
  const legs: Leg[] = [];
  const pid = media.pids().bench;
  if (!pid) throw new Error('rtpengine did not start');
  try {
    const idle0 = cpuTicks(pid);
    await new Promise((r) => setTimeout(r, 2000));
    console.log(`rtpengine idle: ${(((cpuTicks(pid) - idle0) / TICKS_PER_SECOND / 2) * 100).toFixed(1)} % of one core`);
    console.log('calls | relay CPU % | per call % | recv ratio | +prompts CPU % | per prompt stream % | offer+answer ms/call');
    let calls = 0;
    for (const size of SIZES) {
      const setupStart = performance.now();
      const added = size - calls;
      for (; calls < size; calls++) {
        const a = await openLeg();
        const b = await openLeg();
        const toB = await media.anchorOffer(`bench-${calls}`, 'a', plainAudioSdp('127.0.0.1', [a.port], 'sendrecv'));
        const toA = await media.anchorAnswer(`bench-${calls}`, 'b', plainAudioSdp('127.0.0.1', [b.port], 'sendrecv'));
        const sa = audioSections(toA)[0];
        const sb = audioSections(toB)[0];
        a.remote = sa ? { address: sa.address, port: sa.port } : null;
        b.remote = sb ? { address: sb.address, port: sb.port } : null;
        legs.push(a, b);
      }
      const setupMs = performance.now() - setupStart;
      const relay = await measure(pid, legs);
      // One looping prompt into leg a of every call; the peer is not muted, so the prompt
      // is the only extra work.
      const prompts: PromptHandle[] = [];
      for (let i = 0; i < size; i++) prompts.push(await media.playPrompt(`bench-${i}`, 'a', { file: hold }, { loop: true, muteOther: false }));
      const withPrompts = await measure(pid, legs);
      await Promise.all(prompts.map((p) => p.stop()));
      console.log(
        `${String(size).padStart(5)} | ${relay.cpu.toFixed(1).padStart(11)} | ${(relay.cpu / size).toFixed(3).padStart(10)} | ${relay.ratio.toFixed(3).padStart(10)} | ` +
        `${withPrompts.cpu.toFixed(1).padStart(14)} | ${((withPrompts.cpu - relay.cpu) / size).toFixed(3).padStart(19)} | ${(setupMs / added).toFixed(2)}`,
      );
    }
  } finally {
    for (const l of legs) l.socket.close();
    await media.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
await benchMixer();
