// The ringback a caller hears while an agent's phone rings for a call with no queue music (an
// internal call by extension): the North American tone, 440 + 480 Hz for 2 s then 4 s of
// silence, rendered once with sox into the media directory and looped by rtpengine.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function ensureRingback(dir: string): Promise<string> {
  const file = join(dir, 'ringback.wav');
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const pair = join(dir, '.ringback-pair.wav');
  // Two sines on two channels, then mixed down to one: sox's synth gives one tone per channel.
  await run('sox', ['-n', '-r', '8000', '-b', '16', '-c', '2', pair, 'synth', '2', 'sine', '440', 'sine', '480']);
  await run('sox', [pair, '-c', '1', file, 'remix', '1,2', 'vol', '0.4', 'pad', '0', '4']);
  await rm(pair, { force: true });
  return file;
}
