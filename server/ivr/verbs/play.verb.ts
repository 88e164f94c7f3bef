// play: plays a stored prompt (a row of the prompts table) or a WAV file.
//   { "verb": "play", "prompt_id": "…uuid…", "next": "menu" }
import { s } from '../../validation/schema.js';
import { exactlyOne, toPromptRef, uuid, wavFile, type PromptRef } from '../prompt-ref.js';
import { defineVerb, nodeName, proceed, type Next, type Verb, type VerbContext } from '../verb.js';

export class PlayVerb implements Verb {
  constructor(private readonly prompt: PromptRef, private readonly bargeIn: boolean, private readonly next: string | undefined) {}

  async run(ctx: VerbContext): Promise<Next> {
    const how = await ctx.play(this.prompt, { bargeIn: this.bargeIn });
    if (how !== 'completed') ctx.note({ result: how });
    return proceed(this.next);
  }
}

export const play = defineVerb('play', {
  description: 'Play a stored prompt or a WAV file to the caller',
  fields: {
    prompt_id: uuid.optional(),
    file: wavFile.optional(),
    barge_in: s.boolean().optional().describe('a digit stops the prompt and is kept for the next verb (default false)'),
    next: nodeName().optional(),
  },
  refine: exactlyOne(['prompt_id', 'file']),
  jumps: (p) => [p.next !== undefined ? ['next', p.next] : undefined],
  create: (p) => new PlayVerb(toPromptRef(p), p.barge_in ?? false, p.next),
});
