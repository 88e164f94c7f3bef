// say: speaks text (espeak-ng through the media layer). {{variables}} are filled in.
//   { "verb": "say", "text": "Your number is {{account}}", "next": "menu" }
import { s } from '../../validation/schema.js';
import { promptText, voiceName } from '../prompt-ref.js';
import { defineVerb, nodeName, proceed, type Next, type Verb, type VerbContext } from '../verb.js';

interface SayParams { text: string; voice?: string | undefined; barge_in?: boolean | undefined; next?: string | undefined }

export class SayVerb implements Verb {
  constructor(private readonly p: SayParams) {}

  async run(ctx: VerbContext): Promise<Next> {
    const { text, voice } = this.p;
    const how = await ctx.play(voice !== undefined ? { text, voice } : { text }, { bargeIn: this.p.barge_in ?? false });
    if (how !== 'completed') ctx.note({ result: how });
    return proceed(this.p.next);
  }
}

export const say = defineVerb('say', {
  description: 'Speak text to the caller',
  fields: {
    text: promptText,
    voice: voiceName.optional(),
    barge_in: s.boolean().optional().describe('a digit stops the prompt and is kept for the next verb (default false: digits are discarded)'),
    next: nodeName().optional(),
  },
  jumps: (p) => [p.next !== undefined ? ['next', p.next] : undefined],
  create: (p) => new SayVerb(p),
});
