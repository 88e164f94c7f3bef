// Text-to-speech for prompts written as text: espeak-ng renders the text, sox resamples it to
// 8 kHz mono (the rate of every plain leg, so rtpengine does no resampling per play), and the
// WAV is cached under a hash of voice + text so each prompt is rendered once. A voice is one
// espeak-ng has: a language (`en-us`) or a language with a variant (`en-us+f3`); espeak-ng
// reads a name it half-knows as some other voice, so names are checked against its own lists.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The voice is not one espeak-ng has. */
export class UnknownVoiceError extends Error {}

let voiceList: Promise<{ languages: Set<string>; variants: Set<string> }> | undefined;

/** espeak-ng's languages and variants, read once per process. */
function espeakVoices(): Promise<{ languages: Set<string>; variants: Set<string> }> {
  voiceList ??= (async () => {
    const column = async (args: string[], pick: (fields: string[]) => string | undefined): Promise<Set<string>> => {
      const { stdout } = await run('espeak-ng', args);
      return new Set(stdout.split('\n').slice(1).map((l) => pick(l.trim().split(/\s+/))).filter((v): v is string => !!v).map((v) => v.toLowerCase()));
    };
    return {
      // A language's family name (`en` of `en-us`) picks its first voice.
      languages: new Set([...(await column(['--voices'], (f) => f[1]))].flatMap((l) => [l, l.split('-')[0] ?? l])),
      variants: await column(['--voices=variant'], (f) => f[4]?.replace(/^!v\//, '')),
    };
  })();
  voiceList.catch(() => { voiceList = undefined; });
  return voiceList;
}

/** The voices to pick from: every language, each of which takes `+<variant>`. */
export async function listVoices(): Promise<{ languages: string[]; variants: string[] }> {
  const { languages, variants } = await espeakVoices();
  return { languages: [...languages].sort(), variants: [...variants].sort() };
}

/** Throws UnknownVoiceError unless espeak-ng has the voice (`language` or `language+variant`). */
export async function checkVoice(voice: string): Promise<void> {
  const { languages, variants } = await espeakVoices();
  const [language = '', variant, ...rest] = voice.toLowerCase().split('+');
  if (!languages.has(language) || rest.length > 0 || (variant !== undefined && !variants.has(variant))) {
    throw new UnknownVoiceError(`espeak-ng has no voice ${voice} (a language such as en-us, optionally +variant such as +f3)`);
  }
}

export class TtsCache {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly dir: string) {}

  /** Path of a cached 8 kHz mono WAV of `text` spoken with espeak-ng voice `voice`. */
  async say(text: string, voice = 'en'): Promise<string> {
    if (!text.trim()) throw new Error('say: empty text');
    if (!/^[A-Za-z0-9+_-]+$/.test(voice)) throw new UnknownVoiceError(`say: bad voice name "${voice}"`);
    await checkVoice(voice);
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
