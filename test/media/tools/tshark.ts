// tshark on loopback for media tests: captures UDP on the test's own port range only, decodes
// it as RTP (heuristic) and hands back one row per RTP packet with the kernel's capture time.
// Stopped (SIGINT, then SIGKILL) when the test ends, pass or fail.
import type { TestContext } from 'node:test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export interface CapturedRtp {
  /** Capture time, ms since the epoch (kernel timestamp). */
  at: number;
  src: number;
  dst: number;
  payloadType: number;
  ssrc: number;
  seq: number;
}

export interface Capture {
  readonly packets: CapturedRtp[];
  stop(): Promise<void>;
}

export async function captureRtp(t: TestContext, portMin: number, portMax: number): Promise<Capture> {
  const proc = spawn('tshark', ['-i', 'lo', '-n', '-l', '-f', `udp portrange ${portMin}-${portMax}`, '-o', 'rtp.heuristic_rtp:TRUE', '-Y', 'rtp',
    '-T', 'fields', '-E', 'separator=,', '-e', 'frame.time_epoch', '-e', 'udp.srcport', '-e', 'udp.dstport', '-e', 'rtp.p_type', '-e', 'rtp.ssrc', '-e', 'rtp.seq'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const packets: CapturedRtp[] = [];
  let rest = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      const [time, src, dst, pt, ssrc, seq] = line.split(',');
      if (time && pt) packets.push({ at: Number(time) * 1000, src: Number(src), dst: Number(dst), payloadType: Number(pt), ssrc: Number(ssrc), seq: Number(seq) });
    }
  });
  let err = '';
  const started = new Promise<void>((resolve, reject) => {
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
      if (err.includes('Capturing on')) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`tshark exited (${code}): ${err}`)));
    setTimeout(() => reject(new Error(`tshark did not start: ${err}`)), 15_000).unref();
  });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped || proc.exitCode !== null) return;
    stopped = true;
    const exited = once(proc, 'exit');
    proc.kill('SIGINT');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  t.after(stop);
  await started;
  return { packets, stop };
}
