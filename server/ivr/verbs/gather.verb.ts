// gather: collects digits into a variable — up to max_digits, or until the terminator, or until
// the caller pauses longer than the inter-digit timeout. Fewer than min_digits counts as
// invalid (no key pressed at all counts as no input) and is asked again; so is an entry that
// fails the node's pattern or check digit (entry-check.ts).
//   { "verb": "gather", "prompt": "Enter your account number, then hash", "variable": "account",
//     "max_digits": 8, "min_digits": 4, "terminator": "#", "pattern": "[1-9][0-9]*",
//     "check_digit": "luhn", "next": "check" }
import { s } from '../../validation/schema.js';
import { collectWithRetries, retryFields, retryJumps, timeoutMs, type RetryParams } from '../collect-with-retries.js';
import { checkDigits, entryPasses, entryPattern, wholeEntry, type CheckDigit } from '../entry-check.js';
import { promptRef, type PromptRef } from '../prompt-ref.js';
import { defineVerb, nodeName, type Next, type Verb, type VerbContext } from '../verb.js';
import { variableName } from './set.verb.js';

interface GatherParams extends RetryParams {
  prompt?: PromptRef | undefined;
  variable: string;
  max_digits: number;
  min_digits?: number | undefined;
  terminator?: string | undefined;
  inter_digit_timeout_seconds?: number | undefined;
  pattern?: string | undefined;
  check_digit?: CheckDigit | undefined;
  next: string;
}

export class GatherVerb implements Verb {
  private readonly pattern: RegExp | undefined;

  constructor(private readonly p: GatherParams) {
    this.pattern = p.pattern !== undefined ? wholeEntry(p.pattern) : undefined;
  }

  async run(ctx: VerbContext): Promise<Next> {
    const { max_digits: max, min_digits: min = 1, terminator } = this.p;
    const interDigitMs = (this.p.inter_digit_timeout_seconds ?? 3) * 1000;
    const got = await collectWithRetries(ctx, this.p, this.p.prompt, async () => {
      let entry = '';
      let pressed = false;
      while (entry.length < max) {
        const digit = await ctx.readDigit(pressed ? interDigitMs : timeoutMs(this.p));
        if (digit === null) break;
        pressed = true;
        ctx.note({ digits: digit });
        if (digit === terminator) break;
        entry += digit;
      }
      if (!pressed) return 'timeout';
      return entry.length >= min && entryPasses(entry, { pattern: this.pattern, checkDigit: this.p.check_digit }) ? { ok: entry } : 'invalid';
    });
    if ('next' in got) return got.next;
    ctx.variables.set(this.p.variable, got.ok);
    ctx.note({ result: 'collected' });
    return { goto: this.p.next };
  }
}

export const gather = defineVerb('gather', {
  description: 'Collect digits into a variable',
  fields: {
    prompt: promptRef().optional(),
    variable: variableName(),
    max_digits: s.integer({ min: 1, max: 32 }),
    min_digits: s.integer({ min: 1, max: 32 }).optional(),
    terminator: s.enum(['#', '*'] as const).optional(),
    inter_digit_timeout_seconds: s.number({ min: 0.5, max: 30 }).optional().describe('end of entry after this pause (default 3)'),
    pattern: entryPattern().optional().describe('the whole entry must match it (digits, * #, \\d, [classes], |, ? + * {n,m}; no quantifier on a group)'),
    check_digit: s.enum(checkDigits).optional().describe('the entry\'s last digit checks the others (luhn)'),
    ...retryFields,
    next: nodeName(),
  },
  refine: (p) => (p.min_digits !== undefined && p.min_digits > p.max_digits ? [{ path: 'min_digits', message: 'must not exceed max_digits' }] : undefined),
  jumps: (p) => [['next', p.next], ...retryJumps(p)],
  create: (p) => new GatherVerb(p),
});
