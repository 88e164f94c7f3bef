// /api/prompts — text prompts (synthesized by the media layer) and uploaded WAV or MP3 files,
// converted to the center's 8 kHz mono WAV (media/prompt-audio.ts), stored as
// <mediaDir>/prompts/<id>.wav and named in the prompt row. Every prompt can be heard: an
// audio prompt's file, a text prompt spoken, and any text spoken before it is saved (the
// console's "play this prompt" of a say node).
import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Response } from 'express';
import { AudioFormatError, UnknownVoiceError, checkVoice, convertPromptAudio, listVoices, sniffUploadFormat } from '../../../media/index.js';
import type { ApiContext } from '../api-context.js';
import { ApiError, badRequest, notFound } from '../http/api-error.js';
import { crudRoutes, idParams } from '../http/crud-routes.js';
import { refuseIfReferenced } from '../http/references.js';
import { rowView } from '../http/record-fields.js';
import { name } from '../validation/fields.js';
import { s } from '../../validation/schema.js';

const promptInput = s.object({
  name: name(),
  kind: s.enum(['text', 'audio'] as const),
  text: s.string({ minLength: 1, maxLength: 5000 }).nullable().optional().describe('what to say, for kind text'),
  voice: s.string({ pattern: /^[A-Za-z0-9_+-]{1,64}$/, patternMessage: 'must be a voice name' }).nullable().optional().describe('an espeak-ng voice, e.g. en-us'),
});

const voice = s.string({ pattern: /^[A-Za-z0-9_+-]{1,64}$/, patternMessage: 'must be a voice name' });
const previewInput = s.object({ text: s.string({ minLength: 1, maxLength: 5000 }), voice: voice.optional() });

const uploadTypes = { wav: ['audio/wav', 'audio/x-wav', 'audio/wave'], mp3: ['audio/mpeg', 'audio/mp3'] } as const;

/** Sends a file of `dir` (relative to it: the dotfile rule then sees only the name, not `.data/`). */
function sendFrom(res: Response, dir: string, file: string, missing: string): Promise<void> {
  return new Promise<void>((done, failed) => res.sendFile(basename(file), { root: dir, dotfiles: 'deny', headers: { 'Content-Type': 'audio/wav' } }, (err) => (err ? failed(notFound(missing)) : done())));
}

export function promptsRoutes({ routes, repos, mediaDir, say }: ApiContext): void {
  const dir = resolve(mediaDir, 'prompts');
  const spoken = async (res: Response, text: string, voiceName?: string): Promise<void> => {
    const file = await say(text, voiceName);
    await sendFrom(res, resolve(file, '..'), file, 'spoken prompt');
  };
  // Before /prompts/:id, which would take `voices` for an id.
  routes.add(['admin', 'supervisor'], {
    method: 'get', path: '/prompts/voices', tag: 'prompts', summary: 'The text-to-speech voices: languages, each of which takes +variant', response: voicesView,
  }, async () => listVoices());
  crudRoutes(routes, {
    path: '/prompts', tag: 'prompts', noun: 'prompt',
    list: { search: ['name', 'text'], sort: ['name', 'kind', 'text', 'voice', 'updated_at'] },
    create: promptInput, patch: promptInput.partial(), view: rowView(promptInput, [], { audio_file: s.string().nullable() }), show: (row) => row,
    repo: repos.prompts, read: ['admin', 'supervisor'], write: ['admin'],
    checkDelete: async (id) => refuseIfReferenced(repos, 'prompt', await repos.prompts.get(id)),
    async check(input, existing) {
      if ((input.kind ?? existing?.kind) === 'text' && !(input.text ?? existing?.text)) throw badRequest([{ path: 'body.text', message: 'is required for a text prompt' }]);
      if (input.voice) await voiceChecked(input.voice);
    },
  });

  const allTypes = [...uploadTypes.wav, ...uploadTypes.mp3];
  routes.add(['admin'], {
    method: 'put', path: '/prompts/:id/audio', tag: 'prompts', summary: 'Upload the audio of a prompt: WAV or MP3 (Content-Type audio/wav or audio/mpeg), converted to 8 kHz mono WAV',
    params: idParams, upload: { types: allTypes, limit: '20mb' },
    audit: { resource: 'prompt', action: 'upload-audio', before: async ({ params }) => (await repos.prompts.get(params.id)) ?? null },
  }, async ({ params, req }) => {
    const prompt = await repos.prompts.get(params.id);
    if (!prompt) throw notFound('prompt');
    const type = req.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
    const declared = (uploadTypes.wav as readonly string[]).includes(type) ? 'wav' : (uploadTypes.mp3 as readonly string[]).includes(type) ? 'mp3' : undefined;
    if (!declared) throw new ApiError(415, 'send the file as audio/wav or audio/mpeg');
    const body: unknown = req.body;
    const found = Buffer.isBuffer(body) ? sniffUploadFormat(body) : null;
    if (found !== declared || !Buffer.isBuffer(body)) throw badRequest([{ path: 'body', message: `is not a${declared === 'wav' ? ' WAV' : 'n MP3'} file` }]);
    await mkdir(dir, { recursive: true });
    const file = `${prompt.id}.wav`;
    try {
      await convertPromptAudio(body, declared, join(dir, file));
    } catch (err) {
      if (err instanceof AudioFormatError) throw badRequest([{ path: 'body', message: err.message }]);
      throw err;
    }
    return repos.prompts.update(prompt.id, { kind: 'audio', audio_file: file });
  });
  routes.add(['admin', 'supervisor'], {
    method: 'get', path: '/prompts/:id/audio', tag: 'prompts', summary: 'Hear a prompt: an audio prompt\'s WAV, a text prompt spoken', params: idParams, produces: 'audio/wav',
  }, async ({ params, res }) => {
    const prompt = await repos.prompts.get(params.id);
    if (prompt?.kind === 'text' && prompt.text) return spoken(res, prompt.text, prompt.voice ?? undefined);
    if (!prompt?.audio_file) throw notFound('prompt audio');
    await sendFrom(res, dir, prompt.audio_file, 'prompt audio');
  });
  routes.add(['admin', 'supervisor'], {
    method: 'post', path: '/prompts/preview', tag: 'prompts', summary: 'Hear a text spoken by the center\'s text-to-speech before it is saved', body: previewInput, produces: 'audio/wav',
  }, async ({ body, res }) => {
    if (body.voice) await voiceChecked(body.voice);
    return spoken(res, body.text, body.voice);
  });
}

const voicesView = s.object({ languages: s.array(s.string()), variants: s.array(s.string()) });

/** A voice espeak-ng has, else 400 on body.voice (espeak-ng would read a wrong name as some other voice). */
async function voiceChecked(voiceName: string): Promise<void> {
  try {
    await checkVoice(voiceName);
  } catch (err) {
    if (err instanceof UnknownVoiceError) throw badRequest([{ path: 'body.voice', message: err.message }]);
    throw err;
  }
}
