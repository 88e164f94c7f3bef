// Hold music for queues that name none: a short, soft arpeggio rendered once with sox into
// the media directory (so no audio file has to ship with the code) and looped by rtpengine.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const notes = [262, 330, 392, 523, 392, 330];

export async function ensureDefaultMusic(dir: string): Promise<string> {
  const file = join(dir, 'default-hold-music.wav');
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const parts: string[] = [];
  for (const [i, hz] of notes.entries()) {
    const part = join(dir, `.note-${i}.wav`);
    await run('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', part, 'synth', '0.4', 'sine', String(hz), 'fade', 'q', '0.05', '0.4', '0.1', 'vol', '0.3']);
    parts.push(part);
  }
  await run('sox', [...parts, file]);
  await Promise.all(parts.map((p) => run('rm', ['-f', p])));
  return file;
}
