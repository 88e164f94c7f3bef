// Hears every provisioning change (migration 0003's NOTIFYs on channel `provisioning`) and
// emits it as a typed `change` event, so that whatever caches provisioning data (the ACD's
// queues and agents) is refreshed for the next call without a restart, and so that several
// nodes on one Postgres server all hear it. On Postgres it LISTENs on a dedicated connection
// (not a pooled one: a pool would hand it to queries and drop the LISTEN); if that connection
// is lost it reconnects with backoff, logs, emits `resync` (what changed meanwhile is
// unknown) and never throws into the process. On PGlite it uses PGlite's own listen().
//
//   const feed = await ChangeFeed.start(database.listenTarget, { logger });
//   feed.on('change', ({ table, op, id }) => …);
//   feed.on('resync', () => reloadEverything());
//   await feed.close();
import { EventEmitter } from 'node:events';
import pg from 'pg';
import {
  changeOps, provisioningChannel, provisioningTables,
  type ChangeFeedEvents, type ChangeFeedLogger, type FeedEvent, type FeedStatus, type ListenTarget, type ProvisioningChange,
} from './change-feed.types.js';

export interface ChangeFeedOptions {
  logger?: ChangeFeedLogger;
  /** First reconnect delay; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

/** The listener's transition table: a pair missing here is a bug, and throws. */
const transitions: Record<FeedStatus, Partial<Record<FeedEvent, FeedStatus>>> = {
  idle: { start: 'connecting', close: 'closed' },
  connecting: { connected: 'listening', lost: 'waiting-retry', close: 'closed' },
  listening: { lost: 'waiting-retry', close: 'closed' },
  'waiting-retry': { retry: 'connecting', close: 'closed' },
  closed: {},
};

const silent: ChangeFeedLogger = { info: () => undefined, warn: () => undefined };

/** The payload as the trigger builds it, or undefined if it is not one. */
export function parseChange(payload: string): ProvisioningChange | undefined {
  let value: unknown;
  try { value = JSON.parse(payload); } catch { return undefined; }
  if (typeof value !== 'object' || value === null) return undefined;
  const { table, op, id } = value as Record<string, unknown>;
  if (!provisioningTables.some((t) => t === table) || !changeOps.some((o) => o === op) || typeof id !== 'string') return undefined;
  return { table, op, id } as ProvisioningChange;
}

export class ChangeFeed extends EventEmitter<ChangeFeedEvents> {
  #status: FeedStatus = 'idle';
  #client: pg.Client | undefined;
  #unlisten: (() => Promise<void>) | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #retryMs: number;
  readonly #logger: ChangeFeedLogger;

  private constructor(private readonly target: ListenTarget, private readonly options: ChangeFeedOptions) {
    super();
    this.#logger = options.logger ?? silent;
    this.#retryMs = options.retryMs ?? 250;
  }

  /** Listening once this resolves; rejects only if the very first LISTEN fails (the database is unreachable at start). */
  static async start(target: ListenTarget, options: ChangeFeedOptions = {}): Promise<ChangeFeed> {
    const feed = new ChangeFeed(target, options);
    feed.#move('start');
    if (target.kind === 'pglite') {
      feed.#unlisten = await target.pglite.listen(provisioningChannel, (payload) => feed.#heard(payload));
      feed.#move('connected');
    } else {
      await feed.#connect(true);
    }
    return feed;
  }

  get status(): FeedStatus { return this.#status; }

  async close(): Promise<void> {
    if (this.#status === 'closed') return;
    this.#move('close');
    clearTimeout(this.#retryTimer);
    const client = this.#client;
    this.#client = undefined;
    await this.#unlisten?.().catch(() => undefined);
    await client?.end().catch(() => undefined);
  }

  #move(event: FeedEvent): void {
    const from = this.#status;
    const to = transitions[from][event];
    if (to === undefined) throw new Error(`change feed: ${event} is not allowed when ${from}`);
    this.#status = to;
    this.emit('status', { from, to, event });
  }

  #heard(payload: string): void {
    const change = parseChange(payload);
    if (!change) {
      this.#logger.warn({ payload: payload.slice(0, 200) }, 'change feed: ignored a notification that is not a provisioning change');
      return;
    }
    this.emit('change', change);
  }

  /** One connection attempt; on success the feed listens, on failure it schedules the next. */
  async #connect(first: boolean): Promise<void> {
    if (this.target.kind !== 'postgres') return;
    const client = new pg.Client({ connectionString: this.target.url, keepAlive: true, application_name: 'switchboard-change-feed' });
    // A client without an 'error' listener would end the process on a dropped socket. Until
    // LISTEN succeeds a failure rejects connect()/query() and is handled below.
    client.on('error', () => undefined);
    client.on('notification', (n) => { if (n.channel === provisioningChannel) this.#heard(n.payload ?? ''); });
    this.#client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${provisioningChannel}`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (first) {
        this.#client = undefined;
        this.#move('close');
        await client.end().catch(() => undefined);
        throw err;
      }
      this.#lost(client, message);
      return;
    }
    if (this.#client !== client || this.#status !== 'connecting') return;
    client.on('error', (err: Error) => this.#lost(client, err.message));
    client.on('end', () => this.#lost(client, 'connection ended'));
    this.#move('connected');
    this.#retryMs = this.options.retryMs ?? 250;
    if (!first) {
      this.#logger.info({}, 'change feed: listening again; caches re-read');
      this.emit('resync', { reason: 'reconnected' });
    }
  }

  #lost(client: pg.Client, reason: string): void {
    if (client !== this.#client || (this.#status !== 'listening' && this.#status !== 'connecting')) return;
    this.#client = undefined;
    client.end().catch(() => undefined);
    this.#move('lost');
    const delay = this.#retryMs;
    this.#retryMs = Math.min(delay * 2, this.options.maxRetryMs ?? 10000);
    this.#logger.warn({ reason, retryInMs: delay }, 'change feed: lost the database connection; reconnecting');
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (this.#status !== 'waiting-retry') return;
      this.#move('retry');
      void this.#connect(false);
    }, delay);
    this.#retryTimer.unref();
  }
}
