// /api/prompts — text prompts (synthesized by the media layer) and uploaded WAV files,
// stored as <mediaDir>/prompts/<id>.wav and named in the prompt row.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
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
  voice: s.string({ pattern: /^[A-Za-z0-9_+-]{1,64}$/, patternMessage: 'must be a voice name' }).nullable().optional(),
});

const wavTypes = ['audio/wav', 'audio/x-wav', 'audio/wave'];

function isWav(body: unknown): body is Buffer {
  return Buffer.isBuffer(body) && body.length > 44 && body.toString('latin1', 0, 4) === 'RIFF' && body.toString('latin1', 8, 12) === 'WAVE';
}

export function promptsRoutes({ routes, repos, mediaDir }: ApiContext): void {
  const dir = resolve(mediaDir, 'prompts');
  crudRoutes(routes, {
    path: '/prompts', tag: 'prompts', noun: 'prompt',
    create: promptInput, patch: promptInput.partial(), view: rowView(promptInput, [], { audio_file: s.string().nullable() }), show: (row) => row,
    repo: repos.prompts, read: ['admin', 'supervisor'], write: ['admin'],
    checkDelete: async (id) => refuseIfReferenced(repos, 'prompt', await repos.prompts.get(id)),
    async check(input, existing) {
      if ((input.kind ?? existing?.kind) === 'text' && !(input.text ?? existing?.text)) throw badRequest([{ path: 'body.text', message: 'is required for a text prompt' }]);
    },
  });

  routes.add(['admin'], { method: 'put', path: '/prompts/:id/audio', tag: 'prompts', summary: 'Upload the WAV file of an audio prompt (Content-Type audio/wav)', params: idParams, upload: { types: wavTypes, limit: '20mb' },
    audit: { resource: 'prompt', action: 'upload-audio', before: async ({ params }) => (await repos.prompts.get(params.id)) ?? null } }, async ({ params, req }) => {
    const prompt = await repos.prompts.get(params.id);
    if (!prompt) throw notFound('prompt');
    if (!wavTypes.includes(req.get('content-type')?.split(';')[0]?.trim() ?? '')) throw new ApiError(415, 'send the file as audio/wav');
    if (!isWav(req.body)) throw badRequest([{ path: 'body', message: 'is not a WAV file' }]);
    await mkdir(dir, { recursive: true });
    const file = `${prompt.id}.wav`;
    await writeFile(join(dir, file), req.body);
    return repos.prompts.update(prompt.id, { kind: 'audio', audio_file: file });
  });
  routes.add(['admin', 'supervisor'], { method: 'get', path: '/prompts/:id/audio', tag: 'prompts', summary: 'Download the WAV file of an audio prompt', params: idParams, produces: 'audio/wav' }, async ({ params, res }) => {
    const prompt = await repos.prompts.get(params.id);
    if (!prompt?.audio_file) throw notFound('prompt audio');
    // Relative to the prompts folder: the dotfile rule then sees only the file name, not `.data/`.
    const name = basename(prompt.audio_file);
    await new Promise<void>((done, failed) => res.sendFile(name, { root: dir, dotfiles: 'deny' }, (err) => (err ? failed(notFound('prompt audio')) : done())));
  });
}
