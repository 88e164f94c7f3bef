// The prompt → input → retry cycle shared by menu and gather: play the prompt (barge-in), try
// to read an input, and on no input or a wrong one play the matching prompt and try again, up
// to `retries` more times. Exhausted retries go to on_timeout / on_invalid (by the last
// failure), else on_failure, else the call is hung up.
import { s } from '../validation/schema.js';
import { promptRef, type PromptRef } from './prompt-ref.js';
import { end, goto, nodeName, type Jump, type Next, type VerbContext } from './verb.js';

export type Attempt<T> = { ok: T } | 'timeout' | 'invalid';

/** Fields both menu and gather take. */
export const retryFields = {
  timeout_seconds: s.number({ min: 0.5, max: 60 }).optional().describe('wait for the first digit after the prompt (default 5)'),
  retries: s.integer({ min: 0, max: 10 }).optional().describe('extra attempts after a timeout or an invalid entry (default 2)'),
  barge_in: s.boolean().optional().describe('a digit during the prompt stops it (default true)'),
  no_input_prompt: promptRef().optional(),
  invalid_prompt: promptRef().optional(),
  on_timeout: nodeName().optional().describe('after the last attempt timed out'),
  on_invalid: nodeName().optional().describe('after the last attempt was invalid'),
  on_failure: nodeName().optional().describe('after the last attempt failed, when no more specific jump is given'),
};

export interface RetryParams {
  timeout_seconds?: number | undefined;
  retries?: number | undefined;
  barge_in?: boolean | undefined;
  no_input_prompt?: PromptRef | undefined;
  invalid_prompt?: PromptRef | undefined;
  on_timeout?: string | undefined;
  on_invalid?: string | undefined;
  on_failure?: string | undefined;
}

export const timeoutMs = (p: RetryParams): number => (p.timeout_seconds ?? 5) * 1000;

export function retryJumps(p: RetryParams): (Jump | undefined)[] {
  return (['on_timeout', 'on_invalid', 'on_failure'] as const).map((k) => (p[k] !== undefined ? [k, p[k]] : undefined));
}

/** Runs attempts until one succeeds (returns its value) or retries run out (returns the Next for the failure). */
export async function collectWithRetries<T>(ctx: VerbContext, p: RetryParams, prompt: PromptRef | undefined, attempt: () => Promise<Attempt<T>>): Promise<{ ok: T } | { next: Next }> {
  const bargeIn = p.barge_in ?? true;
  const tries = (p.retries ?? 2) + 1;
  let last: 'timeout' | 'invalid' = 'timeout';
  for (let i = 0; i < tries; i++) {
    if (prompt) await ctx.play(prompt, { bargeIn });
    const result = await attempt();
    if (result !== 'timeout' && result !== 'invalid') return result;
    last = result;
    ctx.note({ result });
    ctx.flushDigits();
    const complaint = result === 'timeout' ? p.no_input_prompt : p.invalid_prompt;
    if (complaint) await ctx.play(complaint, { bargeIn });
  }
  ctx.note({ result: `${last}:failed` });
  const target = (last === 'timeout' ? p.on_timeout : p.on_invalid) ?? p.on_failure;
  return { next: target !== undefined ? goto(target) : end({ kind: 'hangup', reason: `no valid input (${last})` }) };
}
