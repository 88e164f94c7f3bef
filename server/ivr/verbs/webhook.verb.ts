// webhook: asks the business's own system what to do. POSTs the call's data as JSON and runs
// the verbs it answers (webhook/webhook-reply.ts); a `webhook` item in the answer posts again
// with what was gathered since. Any failure — no answer within timeout_ms, a non-2xx status,
// a refused address, an answer that is not a valid list of verbs — goes to on_failure, logged
// with the call id and the problem (for an invalid answer, the path of each issue).
//   { "verb": "webhook", "url": "https://crm.example.com/ivr", "timeout_ms": 3000,
//     "secret": "…16+ characters…", "on_failure": "sales", "next": "goodbye" }
// The request: { call_id, caller, called, node, round, variables, digits } with, when a secret
// is set, X-Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>"> —
// the scheme of the event webhooks (docs/events.md).
import { signature } from '../webhook/webhook-signature.js';
import { s } from '../../validation/schema.js';
import { defineVerb, goto, nodeName, proceed, type Next, type Verb, type VerbContext, type VerbDefinition } from '../verb.js';
import { addressClass, urlHost } from '../webhook/webhook-address.js';
import { compileReply, type ReplyStep } from '../webhook/webhook-reply.js';

/** Posts per visit of the node (a reply's `webhook` item makes another). */
export const MAX_ROUNDS = 20;

interface WebhookParams { url: string; timeout_ms?: number | undefined; secret?: string | undefined; on_failure: string; next?: string | undefined }

const webhookUrl = s.string({ minLength: 8, maxLength: 2000 }).refine((value) => {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be http or https';
  if (parsed.username || parsed.password) return 'must not carry credentials: use secret to sign the request';
  // A literal link-local or metadata address is never reachable: say so when the flow is saved.
  return addressClass(urlHost(parsed)) === 'never' ? 'must not be a link-local, metadata or reserved address' : undefined;
});

export class WebhookVerb implements Verb {
  /** The URL as logged: without its query, where a receiver's API key often sits. */
  private readonly logUrl: string;

  constructor(private readonly p: WebhookParams, private readonly registry: () => ReadonlyMap<string, VerbDefinition>) {
    const url = new URL(p.url);
    this.logUrl = `${url.origin}${url.pathname}`;
  }

  async run(ctx: VerbContext): Promise<Next> {
    let digits = '';
    // Digits pressed in the reply's verbs go to the next request too.
    const inner: VerbContext = { ...ctx, note: (entry) => { digits += entry.digits ?? ''; ctx.note(entry); } };
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const outcome = await this.ask(ctx, round, digits);
      if ('failed' in outcome) return outcome.failed;
      digits = '';
      const { steps, continueAt } = outcome;
      let again = false;
      for (const item of steps) {
        if (!('step' in item)) { again = true; break; }
        const next = await item.step.run(inner);
        if ('goto' in next && next.goto === continueAt) continue;
        return next;
      }
      if (!again) return proceed(this.p.next);
    }
    ctx.warn({ url: this.logUrl, rounds: MAX_ROUNDS }, 'IVR webhook asked to post again too often; on_failure');
    return this.fail(ctx, 'too-many-rounds');
  }

  private async ask(ctx: VerbContext, round: number, digits: string): Promise<{ failed: Next } | { steps: ReplyStep[]; continueAt: string }> {
    const timeoutMs = this.p.timeout_ms ?? 3000;
    const body = JSON.stringify({
      call_id: ctx.callId, caller: ctx.numbers.caller ?? null, called: ctx.numbers.called ?? null,
      round, variables: Object.fromEntries(ctx.variables), digits,
    });
    const headers: Record<string, string> = { 'user-agent': 'Switchboard-IVR/1' };
    if (this.p.secret !== undefined) headers['x-switchboard-signature'] = signature(this.p.secret, body, Math.floor(Date.now() / 1000));
    const response = await ctx.postHook({ url: this.p.url, body, headers, timeoutMs });
    if (!response.ok) {
      ctx.warn({ url: this.logUrl, round, failure: response.failure, problem: response.problem }, 'IVR webhook failed; on_failure');
      return { failed: this.fail(ctx, response.failure) };
    }
    const reply = compileReply(response.json, this.registry(), ctx.hasNode);
    if (!reply.ok) {
      ctx.warn({ url: this.logUrl, round, issues: reply.issues }, 'IVR webhook answered an invalid list of verbs; on_failure');
      return { failed: this.fail(ctx, 'invalid-reply') };
    }
    return { steps: reply.steps, continueAt: reply.continueAt };
  }

  private fail(ctx: VerbContext, why: string): Next {
    ctx.note({ result: `failed:${why}` });
    return goto(this.p.on_failure);
  }
}

/** The webhook verb; `registry` gives the verbs a reply may use (the flow's own, found at run time). */
export function webhookVerb(registry: () => ReadonlyMap<string, VerbDefinition>): VerbDefinition {
  return defineVerb('webhook', {
    description: 'POST the call\'s data to a URL and run the verbs it answers',
    fields: {
      url: webhookUrl.describe('http or https; private and loopback addresses only where the site allows them'),
      timeout_ms: s.integer({ min: 100, max: 10_000 }).optional().describe('the whole exchange, connect to last byte (default 3000)'),
      secret: s.string({ minLength: 16, maxLength: 200 }).optional().describe('signs each request: X-Switchboard-Signature, as the event webhooks'),
      on_failure: nodeName().describe('after a timeout, a non-2xx status, a refused address or an invalid answer'),
      next: nodeName().optional().describe('after the answer\'s verbs, when none of them jumped or ended the call'),
    },
    jumps: (p) => [['on_failure', p.on_failure], p.next !== undefined ? ['next', p.next] : undefined],
    create: (p) => new WebhookVerb(p, registry),
  });
}
