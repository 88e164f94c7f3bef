// tshark on loopback, filtered on one UDP destination port (a real client's RTP port), so a
// test can count the packets that reached the phone in a time window: "the held phone
// receives no audio" measured on the wire at the phone, not inferred from the server.
import type { TestContext } from 'node:test';
import { spawn } from 'node:child_process';

export interface RtpCapture {
  /** Arrival times (ms since the epoch) of the packets captured so far. */
  times(): number[];
  /** Packets that arrived in [from, to). */
  count(from: number, to: number): number;
  stop(): void;
}

/** Starts capturing UDP to `port` on lo; resolves once tshark captures (or rejects after 15 s). */
export async function captureUdpTo(t: TestContext, port: number): Promise<RtpCapture> {
  const child = spawn('tshark', ['-i', 'lo', '-n', '-l', '-f', `udp dst port ${port}`, '-T', 'fields', '-e', 'frame.time_epoch'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // SIGTERM lets tshark stop its dumpcap child (SIGKILL would orphan it, holding our pipes);
  // our ends of the pipes are closed so nothing keeps the test process up either way.
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    child.stdout.destroy();
    child.stderr.destroy();
  };
  t.after(stop);
  const times: number[] = [];
  let partial = '';
  child.stdout.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) times.push(Math.round(Number(line.trim()) * 1000));
  });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tshark did not start capturing:\n${err}`)), 15_000);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (/Capturing on/.test(err)) { clearTimeout(timer); resolve(); }
    });
    child.once('exit', () => { clearTimeout(timer); reject(new Error(`tshark exited:\n${err}`)); });
  });
  return { times: () => [...times], count: (from, to) => times.filter((at) => at >= from && at < to).length, stop };
}
