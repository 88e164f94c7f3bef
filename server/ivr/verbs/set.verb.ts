// set: assigns variables ({{other}} placeholders are filled in), e.g. to tag the call for the ACD
// or for a later prompt.
//   { "verb": "set", "variables": { "language": "en" }, "next": "menu" }
import { s } from '../../validation/schema.js';
import { interpolate } from '../prompt-ref.js';
import { defineVerb, nodeName, proceed, type Next, type Verb, type VerbContext } from '../verb.js';

export const variableName = () => s.string({ pattern: /^[A-Za-z_][A-Za-z0-9_]{0,63}$/, patternMessage: 'must be a name: a letter or _, then letters, digits or _' });

export class SetVerb implements Verb {
  constructor(private readonly values: Record<string, string>, private readonly next: string | undefined) {}

  async run(ctx: VerbContext): Promise<Next> {
    for (const [name, value] of Object.entries(this.values)) ctx.variables.set(name, interpolate(value, ctx.variables));
    return proceed(this.next);
  }
}

export const set = defineVerb('set', {
  description: 'Set variables',
  fields: {
    variables: s.record(s.string({ maxLength: 500 }), variableName()),
    next: nodeName().optional(),
  },
  jumps: (p) => [p.next !== undefined ? ['next', p.next] : undefined],
  create: (p) => new SetVerb(p.variables, p.next),
});
