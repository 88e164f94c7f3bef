// Text-to-speech for prompts written as text: espeak-ng renders the text, sox resamples it to
// 8 kHz mono (the rate of every plain leg, so rtpengine does no resampling per play), and the
// WAV is cached under a hash of voice + text so each prompt is rendered once.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class TtsCache {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly dir: string) {}

  /** Path of a cached 8 kHz mono WAV of `text` spoken with espeak-ng voice `voice`. */
  async say(text: string, voice = 'en'): Promise<string> {
    if (!text.trim()) throw new Error('say: empty text');
    if (!/^[A-Za-z0-9+_-]+$/.test(voice)) throw new Error(`say: bad voice name "${voice}"`);
    const hash = createHash('sha256').update(`${voice}\0${text}`).digest('hex').slice(0, 32);
    const path = join(this.dir, `${voice}-${hash}.wav`);
    if (existsSync(path)) return path;
    let job = this.inFlight.get(path);
    if (!job) {
      job = this.render(text, voice, path).finally(() => this.inFlight.delete(path));
      this.inFlight.set(path, job);
    }
    return job;
  }

  private async render(text: string, voice: string, path: string): Promise<string> {
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${path}.${randomBytes(4).toString('hex')}`;
    const raw = `${tmp}.raw.wav`;
    try {
      // Text goes as one argv element after "--": never parsed by a shell or as an option.
      await run('espeak-ng', ['-v', voice, '-w', raw, '--', text]);
      await run('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', '-t', 'wav', tmp]);
      await rename(tmp, path);
      return path;
    } finally {
      await unlink(raw).catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
    }
  }
}
