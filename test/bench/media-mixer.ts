// Part of `npm run bench:media` (prints, asserts nothing): CPU per party of 3-party conferences
// through rtpengine and the Node mixer at 10/50/100 conferences, against plain rtpengine relay
// of the same number of legs in the same run. CPU is this process (driver + mixer) plus
// rtpengine, in CPU-seconds per party-second (% of one core per party).
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { MediaServer, Mixer, mixes } from '../../media/index.js';
import { encodeUlaw } from '../../media/g711.js';
import { buildRtp } from '../../media/rtp.js';
import { audioSections, plainAudioSdp } from '../../media/sdp.js';
import { freePort } from '../helpers/ports.js';

const CONFERENCES = [10, 50, 100];
const WARMUP_MS = 2000;
const WINDOW_MS = 8000;

interface Leg { socket: Socket; port: number; remote: { address: string; port: number } | null; seq: number; ts: number; ssrc: number }

async function openLeg(): Promise<Leg> {
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  socket.on('message', () => undefined);
  return { socket, port: socket.address().port, remote: null, seq: 0, ts: 0, ssrc: randomInt(1, 2 ** 31) };
}

const toRemote = (sdp: string): Leg['remote'] => {
  const s = audioSections(sdp)[0];
  return s ? { address: s.address, port: s.port } : null;
};

function rtpengineSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(f[11]) + Number(f[12])) / 100;
}

function ownSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Drives every leg with a 20 ms PCMU tone; returns CPU seconds per party-second over the window. */
async function measure(pid: number, legs: Leg[]): Promise<number> {
  const payload = encodeUlaw(new Int16Array(160).map((_, i) => 6000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
  const start = Date.now();
  let ticks = 0;
  const timer = setInterval(() => {
    for (const due = Math.floor((Date.now() - start) / 20); ticks < due; ticks++) {
      for (const l of legs) if (l.remote) l.socket.send(buildRtp({ payloadType: 0, sequence: l.seq++, timestamp: (l.ts += 160), ssrc: l.ssrc, payload }), l.remote.port, l.remote.address);
    }
  }, 5);
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const t0 = performance.now();
  const c0 = rtpengineSeconds(pid) + ownSeconds();
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const cpu = rtpengineSeconds(pid) + ownSeconds() - c0;
  const elapsed = (performance.now() - t0) / 1000;
  clearInterval(timer);
  return cpu / (legs.length * elapsed);
}

export async function benchMixer(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'switchboard-mixer-bench-'));
  const media = new MediaServer({
    instances: [{ name: 'mixer-bench', interfaces: [{ address: '127.0.0.1' }], ngPort: await freePort(), portMin: 30000 + randomInt(0, 100) * 16 }],
    workDir,
    maxCalls: 460,
  });
  await media.start();
  const pid = media.pids()['mixer-bench'];
  if (!pid) throw new Error('rtpengine did not start');
  console.log('\nmixer: conferences | parties | relay % core/party | mixer % core/party | ratio');
  let run = 0;
  try {
    for (const n of CONFERENCES) {
      const prefix = `r${run++}`;
      const relayLegs: Leg[] = [];
      for (let i = 0; i < (3 * n) / 2 + 1; i++) {
        const a = await openLeg();
        const b = await openLeg();
        b.remote = toRemote(await media.anchorOffer(`${prefix}-relay-${i}`, 'a', plainAudioSdp('127.0.0.1', [a.port], 'sendrecv')));
        a.remote = toRemote(await media.anchorAnswer(`${prefix}-relay-${i}`, 'b', plainAudioSdp('127.0.0.1', [b.port], 'sendrecv')));
        relayLegs.push(a, b);
      }
      relayLegs.length = 3 * n; // the same number of sending legs as parties
      const relay = await measure(pid, relayLegs);
      for (let i = 0; i < (3 * n) / 2 + 1; i++) await media.deleteCall(`${prefix}-relay-${i}`);

      const mixers: Mixer[] = [];
      const parties: Leg[] = [];
      for (let c = 0; c < n; c++) {
        const mixer = new Mixer();
        mixers.push(mixer);
        for (const id of ['p0', 'p1', 'p2']) {
          const leg = await openLeg();
          leg.remote = toRemote(await media.joinMixer(`${prefix}-conf-${c}-${id}`, id, plainAudioSdp('127.0.0.1', [leg.port], 'sendrecv'), mixer, id));
          parties.push(leg);
        }
        mixer.setMatrix(mixes.conference(['p0', 'p1', 'p2']));
      }
      const mixed = await measure(pid, parties);
      for (const m of mixers) m.close();
      for (let c = 0; c < n; c++) for (const id of ['p0', 'p1', 'p2']) await media.deleteCall(`${prefix}-conf-${c}-${id}`);
      for (const l of [...relayLegs, ...parties]) l.socket.close();
      console.log(`${String(n).padStart(19)} | ${String(3 * n).padStart(7)} | ${(relay * 100).toFixed(3).padStart(18)} | ${(mixed * 100).toFixed(3).padStart(18)} | ${(mixed / relay).toFixed(2)}`);
    }
  } finally {
    await media.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}
