// Uploaded prompt audio (WAV or MP3, any rate, any channels) becomes the center's prompt format:
// an 8 kHz mono 16-bit WAV, the rate of every plain leg, so rtpengine plays it without
// resampling and a file the browser can preview. sox decodes (MP3 through Debian's
// libsox-fmt-mp3) and refuses what is not audio; a prompt longer than ten minutes is cut.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MAX_SECONDS = 600;

export type UploadFormat = 'wav' | 'mp3';

/** The file is not audio sox can read: the upload's fault, not the server's. */
export class AudioFormatError extends Error {}

/** WAV by its RIFF header, MP3 by an ID3 tag or an MPEG audio frame sync; null otherwise. */
export function sniffUploadFormat(body: Buffer): UploadFormat | null {
  if (body.length > 44 && body.toString('latin1', 0, 4) === 'RIFF' && body.toString('latin1', 8, 12) === 'WAVE') return 'wav';
  if (body.length > 10 && body.toString('latin1', 0, 3) === 'ID3') return 'mp3';
  if (body.length > 4 && body[0] === 0xff && ((body[1] ?? 0) & 0xe0) === 0xe0) return 'mp3';
  return null;
}

/** Converts `body` into the prompt WAV at `output` (written whole or not at all); returns its length in seconds. */
export async function convertPromptAudio(body: Buffer, format: UploadFormat, output: string): Promise<{ seconds: number }> {
  const stamp = randomBytes(4).toString('hex');
  const input = `${output}.${stamp}.upload.${format}`;
  const tmp = `${output}.${stamp}.wav`;
  try {
    await writeFile(input, body, { mode: 0o600 });
    try {
      await run('sox', ['-t', format, input, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'wav', tmp, 'trim', '0', String(MAX_SECONDS)]);
    } catch (err) {
      const detail = (err as { stderr?: string }).stderr?.split('\n').find((l) => l.includes('sox FAIL'))?.replace(/^sox FAIL \w+: /, '') ?? 'not readable';
      throw new AudioFormatError(`not a ${format.toUpperCase()} file sox can read: ${detail.replace(input, 'the upload')}`);
    }
    const { stdout } = await run('soxi', ['-D', tmp]);
    await rename(tmp, output);
    return { seconds: Math.round(Number(stdout.trim()) * 100) / 100 };
  } finally {
    await unlink(input).catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
  }
}
