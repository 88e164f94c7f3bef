// The live event hub: every event is appended to live_events (its id is the order and the
// clients' cursor), then handed to the sockets following. A follower with a cursor gets what
// it missed from the table first, then live events, with no gap and no repeat — across a
// reconnect and across a restart of this process, since the cursor is the table's. Publishing
// is serial (one insert at a time), so ids follow the order rooms published in. Pruned to a day.
import type { Logger } from 'pino';
import type { LiveEventsRepository } from '../../db/live-events.repository.js';
import type { Row } from '../../db/database.types.js';
import type { LiveEventInput, LiveEventSink, LiveEventView } from './live-event.types.js';

const REPLAY_PAGE = 500;
const KEEP_MS = 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;

export class EventHub implements LiveEventSink {
  private readonly followers = new Set<(e: LiveEventView) => void>();
  private queue: Promise<void> = Promise.resolve();
  private readonly pruner: NodeJS.Timeout;

  constructor(private readonly repo: LiveEventsRepository, private readonly log: Logger) {
    this.pruner = setInterval(() => void this.repo.prune(new Date(Date.now() - KEEP_MS)).catch((err: unknown) => this.log.warn({ err: String(err) }, 'live events not pruned')), PRUNE_EVERY_MS);
    this.pruner.unref();
  }

  publish(event: LiveEventInput): void {
    this.queue = this.queue.then(async () => {
      const row = await this.repo.add({ type: event.type, agent_id: event.agentId ?? null, queue_id: event.queueId ?? null, call_id: event.callId ?? null, data: event.data });
      const view = toView(row);
      // One follower's failure (a socket that throws) is its own: the others still get the event.
      for (const follower of this.followers) {
        try {
          follower(view);
        } catch (err) {
          this.log.warn({ err: String(err), type: event.type }, 'a live event follower failed');
        }
      }
    }).catch((err: unknown) => this.log.warn({ err: String(err), type: event.type }, 'live event not published'));
  }

  /** Delivers the events after `cursor`, then live ones, in id order; returns how to stop following. */
  async follow(cursor: number, deliver: (e: LiveEventView) => void): Promise<{ stop(): void }> {
    const pending: LiveEventView[] = [];
    let replaying = true;
    let last = cursor;
    const follower = (e: LiveEventView): void => {
      if (replaying) pending.push(e);
      else if (e.id > last) {
        last = e.id;
        deliver(e);
      }
    };
    this.followers.add(follower);
    try {
      for (;;) {
        const rows = await this.repo.after(last, REPLAY_PAGE);
        for (const row of rows) {
          last = Number(row.id);
          deliver(toView(row));
        }
        if (rows.length < REPLAY_PAGE) break;
      }
    } catch (err) {
      this.followers.delete(follower);
      throw err;
    }
    replaying = false;
    for (const e of pending) follower(e);
    return { stop: () => this.followers.delete(follower) };
  }

  /** The last event's id (a new client's starting cursor). */
  latest(): Promise<number> {
    return this.repo.latestId();
  }

  close(): void {
    clearInterval(this.pruner);
    this.followers.clear();
  }
}

function toView(row: Row<'live_events'>): LiveEventView {
  return { id: Number(row.id), type: row.type, agent_id: row.agent_id, queue_id: row.queue_id, call_id: row.call_id, data: row.data, at: new Date(row.at).toISOString() };
}
