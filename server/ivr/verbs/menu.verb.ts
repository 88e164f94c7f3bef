// menu: one digit chooses a branch. The prompt can be interrupted by the choice (barge-in); no
// input or a digit with no branch plays the matching prompt and asks again. Without a prompt
// the menu follows a say or play node (with barge_in there, the digit is kept for the menu).
//   { "verb": "menu", "prompt": "Press 1 for sales, 2 for support",
//     "options": { "1": "sales", "2": "support" }, "timeout_seconds": 5, "retries": 2,
//     "invalid_prompt": "Sorry, that is not an option", "on_failure": "goodbye" }
import { s } from '../../validation/schema.js';
import { collectWithRetries, retryFields, retryJumps, timeoutMs, type RetryParams } from '../collect-with-retries.js';
import { promptRef, type PromptRef } from '../prompt-ref.js';
import { defineVerb, nodeName, type Next, type Verb, type VerbContext } from '../verb.js';

interface MenuParams extends RetryParams { prompt?: PromptRef | undefined; options: Record<string, string> }

export class MenuVerb implements Verb {
  constructor(private readonly p: MenuParams) {}

  async run(ctx: VerbContext): Promise<Next> {
    const chosen = await collectWithRetries(ctx, this.p, this.p.prompt, async () => {
      const digit = await ctx.readDigit(timeoutMs(this.p));
      if (digit === null) return 'timeout';
      ctx.note({ digits: digit });
      const target = this.p.options[digit];
      return target !== undefined ? { ok: target } : 'invalid';
    });
    if ('next' in chosen) return chosen.next;
    ctx.note({ result: 'chosen' });
    return { goto: chosen.ok };
  }
}

const optionKey = s.string({ pattern: /^[0-9*#]$/, patternMessage: 'must be one digit, * or #' });

export const menu = defineVerb('menu', {
  description: 'A prompt, then one digit chooses the next node',
  fields: {
    prompt: promptRef().optional().describe('played before each attempt; without one, the menu follows a say or play'),
    options: s.record(nodeName(), optionKey).refine((o) => (Object.keys(o).length > 0 ? undefined : 'must offer at least one option')),
    ...retryFields,
  },
  jumps: (p) => [...Object.entries(p.options).map(([digit, node]): [string, string] => [`options.${digit}`, node]), ...retryJumps(p)],
  create: (p) => new MenuVerb(p),
});
