// Webhook deliveries: each enabled webhook follows the event hub from its stored cursor and
// POSTs the events it asked for, one at a time and in order, each signed with its secret —
// X-Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">, as Stripe
// does, so a receiver checks it and refuses replays by t. A failure (timeout, network, any
// non-2xx, a redirect: never followed) is retried with backoff, every attempt logged in
// webhook_deliveries; after the last the event is given up and the next one goes. A
// webhook's failure is its own: other webhooks and the center go on.
import { signature } from '../../ivr/webhook/webhook-signature.js';
import type { Logger } from 'pino';
import type { WebhookView, WebhooksRepository } from '../../db/webhooks.repository.js';
import type { EventHub } from './event-hub.js';
import type { LiveEventView } from './live-event.types.js';

export interface DeliveryTiming {
  /** Waits between attempts; attempts = this + 1. */
  backoffMs: number[];
  timeoutMs: number;
}

export const defaultDeliveryTiming: DeliveryTiming = { backoffMs: [1000, 5000, 30_000, 120_000, 600_000], timeoutMs: 5000 };

export class WebhookDelivery {
  private readonly workers = new Map<string, HookWorker>();

  constructor(private readonly hub: EventHub, private readonly repo: WebhooksRepository, private readonly log: Logger, private readonly timing: DeliveryTiming = defaultDeliveryTiming) {}

  async start(): Promise<void> {
    for (const hook of await this.repo.list()) if (hook.enabled) this.added(hook);
  }

  added(hook: WebhookView): void {
    if (this.workers.has(hook.id)) return;
    const worker = new HookWorker(hook, this.hub, this.repo, this.log.child({ webhookId: hook.id }), this.timing);
    this.workers.set(hook.id, worker);
    void worker.start().catch((err: unknown) => this.log.warn({ webhookId: hook.id, err: String(err) }, 'webhook could not start'));
  }

  removed(id: string): void {
    this.workers.get(id)?.stop();
    this.workers.delete(id);
  }

  stop(): void {
    for (const worker of this.workers.values()) worker.stop();
    this.workers.clear();
  }
}

class HookWorker {
  private readonly queue: LiveEventView[] = [];
  private busy = false;
  private stopped = false;
  private unfollow: (() => void) | undefined;
  private secret = '';
  private readonly wakers = new Set<() => void>();

  constructor(private readonly hook: WebhookView, private readonly hub: EventHub, private readonly repo: WebhooksRepository, private readonly log: Logger, private readonly timing: DeliveryTiming) {}

  async start(): Promise<void> {
    this.secret = (await this.repo.signingSecret(this.hook.id)) ?? '';
    const following = await this.hub.follow(Number(this.hook.cursor), (e) => {
      if (!this.hook.events.includes(e.type)) return;
      this.queue.push(e);
      void this.pump();
    });
    if (this.stopped) following.stop();
    else this.unfollow = following.stop;
  }

  stop(): void {
    this.stopped = true;
    this.unfollow?.();
    for (const wake of this.wakers) wake();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (!this.stopped && this.queue.length > 0) {
        const event = this.queue[0] as LiveEventView;
        await this.deliver(event);
        this.queue.shift();
        if (!this.stopped) await this.repo.advance(this.hook.id, event.id).catch((err: unknown) => this.log.warn({ err: String(err) }, 'webhook cursor not saved'));
      }
    } finally {
      this.busy = false;
    }
  }

  private async deliver(event: LiveEventView): Promise<void> {
    const body = JSON.stringify(event);
    const attempts = this.timing.backoffMs.length + 1;
    for (let attempt = 1; attempt <= attempts && !this.stopped; attempt++) {
      const outcome = await this.post(event, body);
      await this.repo.logDelivery({ webhookId: this.hook.id, eventId: event.id, eventType: event.type, attempt, ...outcome })
        .catch((err: unknown) => this.log.warn({ err: String(err) }, 'webhook delivery not logged'));
      if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) return;
      const wait = this.timing.backoffMs[attempt - 1];
      if (wait === undefined) break;
      this.log.info({ eventId: event.id, attempt, status: outcome.status, error: outcome.error }, 'webhook delivery failed; retrying');
      await this.sleep(wait);
    }
    if (!this.stopped) this.log.warn({ eventId: event.id, type: event.type }, 'webhook delivery given up after its last attempt');
  }

  private async post(event: LiveEventView, body: string): Promise<{ status: number | null; error: string | null }> {
    try {
      const res = await fetch(this.hook.url, {
        method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(this.timing.timeoutMs),
        headers: {
          'content-type': 'application/json', 'user-agent': 'Switchboard-Webhook/1',
          'x-switchboard-event': event.type, 'x-switchboard-delivery': String(event.id),
          'x-switchboard-signature': signature(this.secret, body, Math.floor(Date.now() / 1000)),
        },
      });
      await res.body?.cancel().catch(() => undefined);
      return { status: res.status, error: res.status >= 300 && res.status < 400 ? 'redirects are not followed' : null };
    } catch (err) {
      return { status: null, error: err instanceof Error ? err.message : String(err) };
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}
