// hangup: ends the call; the reason goes to the call record.
//   { "verb": "hangup", "reason": "closed" }
import { s } from '../../validation/schema.js';
import { defineVerb, end, type Next, type Verb } from '../verb.js';

export class HangupVerb implements Verb {
  constructor(private readonly reason: string) {}

  async run(): Promise<Next> {
    return end({ kind: 'hangup', reason: this.reason });
  }
}

export const hangup = defineVerb('hangup', {
  description: 'End the call',
  fields: { reason: s.string({ minLength: 1, maxLength: 200 }).optional() },
  jumps: () => [],
  create: (p) => new HangupVerb(p.reason ?? 'hangup-verb'),
});
