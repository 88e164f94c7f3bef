// Audio files as 8 kHz mono 16-bit PCM for the mixer's sources (hold music during a consult):
// sox decodes and resamples whatever the admin uploaded, once per file; the result is kept
// for the process's life (a handful of music files, a few seconds to minutes of audio each,
// capped so a long upload cannot hold the memory).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** Ten minutes of 8 kHz audio: more is cut (a loop that long is never heard twice anyway). */
const MAX_SAMPLES = 8000 * 600;
const cache = new Map<string, Promise<Int16Array>>();

export function readPcm8k(file: string): Promise<Int16Array> {
  let job = cache.get(file);
  if (!job) {
    job = decode(file);
    cache.set(file, job);
    // A failed decode is not remembered: the file may be fixed or uploaded again.
    job.catch(() => cache.delete(file));
  }
  return job;
}

async function decode(file: string): Promise<Int16Array> {
  const { stdout } = await run('sox', [file, '-t', 'raw', '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-L', '-', 'trim', '0', '600'], {
    encoding: 'buffer', maxBuffer: MAX_SAMPLES * 2 + 1024,
  });
  const samples = new Int16Array(Math.floor(stdout.length / 2));
  for (let i = 0; i < samples.length; i++) samples[i] = stdout.readInt16LE(i * 2);
  return samples;
}
