// Keeps the ACD's queues and agents in line with the database while it runs: a change to an
// agent, a queue or a membership (heard on the change feed, so it works the same when the
// API that made it runs on another node) re-reads the ACD's configuration with
// AcdService.reload(), which keeps live state (waiting callers, agents' states, counters).
// A burst of changes (an API write touches several rows) is coalesced into one reload after
// `debounceMs`; reloads never overlap, and changes heard during one cause one more after it.
// A `resync` (the feed's connection was lost and is back) reloads too.
//
// What a reload changes for calls already waiting: their max-wait and announcement timers
// were armed when they entered the queue and keep that value; the next caller gets the new
// one. Ring timeout, strategy, members, penalties and overflow destination apply at once.
import type { ChangeFeed, ProvisioningTable } from '../db/index.js';
import type { AcdService } from './acd-service.js';

/** The tables the ACD caches; the IVR, router and registrar read the others per call. */
export const acdTables: readonly ProvisioningTable[] = ['agents', 'queues', 'queue_members'];

export interface ReloadLogger {
  debug(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ProvisioningReload {
  /** Resolves once no reload is pending or running. */
  idle(): Promise<void>;
  /** Reloads done so far (for health and tests). */
  readonly reloads: number;
  stop(): void;
}

export function reloadOnProvisioningChange(feed: ChangeFeed, acd: AcdService, logger: ReloadLogger, options: { debounceMs?: number } = {}): ProvisioningReload {
  const debounceMs = options.debounceMs ?? 25;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let reloads = 0;
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, debounceMs).unref());

  const request = (why: string): void => {
    if (stopped) return;
    if (running) { again = true; return; }
    running = (async () => {
      do {
        again = false;
        await pause();
        if (stopped) return;
        const started = Date.now();
        try {
          await acd.reload();
          reloads += 1;
          logger.debug({ why, ms: Date.now() - started }, 'ACD configuration reloaded');
        } catch (err) {
          // The next change or resync tries again; the ACD keeps its previous configuration.
          logger.error({ err: err instanceof Error ? err.message : String(err), why }, 'ACD configuration reload failed');
        }
      } while (again && !stopped);
    })().finally(() => { running = undefined; });
  };

  const onChange = (c: { table: ProvisioningTable; op: string; id: string }) => {
    if (acdTables.includes(c.table)) request(`${c.op} ${c.table} ${c.id}`);
  };
  const onResync = (r: { reason: string }) => request(`resync: ${r.reason}`);
  feed.on('change', onChange);
  feed.on('resync', onResync);
  return {
    get reloads() { return reloads; },
    async idle() { while (running) await running; },
    stop() {
      stopped = true;
      feed.off('change', onChange);
      feed.off('resync', onResync);
    },
  };
}
