// One leg's RFC 4028 session timer: a transition table (modelled on the ACD's
// agent-state-machine.ts) and the one object that owns the leg's clock. While armed it waits
// for the next refresh — ours at half the interval when we refresh, the peer's until
// expiryDelaySec() when it does; a refresh resets it; an expiry or a failed refresh stops it
// and tells the call, which ends. Whatever stops it clears its clock, and
// pendingSessionTimers() counts the clocks still set so a test can show no call leaves one.
import { expiryDelaySec, type Negotiated } from './session-timer-negotiation.js';

export type SessionTimerState = 'armed' | 'refreshing' | 'stopped';

export type SessionTimerEvent =
  /** A refresh went through (ours answered 2xx, or the peer's accepted): interval and refresher as settled. */
  | ({ type: 'refreshed' } & Negotiated)
  /** Half the interval passed and we are the refresher. */
  | { type: 'refresh-due' }
  /** Our refresh got a final error that does not end the session (491, 500, 501 …): try again shortly. */
  | { type: 'refresh-refused'; status: number }
  /** Our refresh got 408 or 481, or no answer at all: the session is gone (§10). */
  | { type: 'refresh-failed'; status: number }
  /** The peer was to refresh and did not. */
  | { type: 'expired' }
  /** The call ended some other way. */
  | { type: 'stop' };

export type SessionTimerEventType = SessionTimerEvent['type'];

const table: Record<SessionTimerState, Partial<Record<SessionTimerEventType, SessionTimerState>>> = {
  armed: { refreshed: 'armed', 'refresh-due': 'refreshing', expired: 'stopped', stop: 'stopped' },
  refreshing: { refreshed: 'armed', 'refresh-refused': 'armed', 'refresh-failed': 'stopped', expired: 'stopped', stop: 'stopped' },
  stopped: {},
};

/** The next state, or undefined when the table has no such transition. */
export function nextTimerState(state: SessionTimerState, event: SessionTimerEvent): SessionTimerState | undefined {
  return table[state][event.type];
}

export type RefreshResult = { kind: 'refreshed'; negotiated: Negotiated } | { kind: 'refused'; status: number } | { kind: 'failed'; status: number };

export interface SessionEnd {
  why: 'expired' | 'refresh-failed';
  /** The refresh's status when ours failed (0: no answer / not sent). */
  status?: number;
  intervalSec: number;
  /** Time since the last refresh (or the answer) that went through. */
  sinceRefreshMs: number;
}

export interface SessionTimerHooks {
  /** Sends our refresh (re-INVITE or UPDATE); never rejects. */
  refresh(intervalSec: number): Promise<RefreshResult>;
  /** The session is gone: end the call. */
  ended(end: SessionEnd): void;
  /** Told of each refresh we sent, for the log. */
  refreshSent?(sinceRefreshMs: number): void;
}

/** A refused refresh is tried again after this (or sooner, before the interval runs out). */
const RETRY_MS = 10_000;

const pending = new Set<SessionTimer>();

/** Session-timer clocks still set in this process (0 once every call has ended). */
export function pendingSessionTimers(): number {
  return pending.size;
}

export class SessionTimer {
  #state: SessionTimerState = 'armed';
  #negotiated: Negotiated;
  #lastRefresh = Date.now();
  #clock?: NodeJS.Timeout;

  constructor(negotiated: Negotiated, private readonly hooks: SessionTimerHooks, private readonly onRefused: (state: SessionTimerState, event: SessionTimerEvent) => void) {
    this.#negotiated = negotiated;
    this.#armForRefresh();
  }

  get state(): SessionTimerState {
    return this.#state;
  }

  get negotiated(): Negotiated {
    return this.#negotiated;
  }

  /** Applies an event; false (reported, nothing changed) if the table has no such transition. */
  fire(event: SessionTimerEvent): boolean {
    const next = nextTimerState(this.#state, event);
    if (next === undefined) {
      this.onRefused(this.#state, event);
      return false;
    }
    this.#state = next;
    this.#clear();
    switch (event.type) {
      case 'refreshed':
        this.#negotiated = { intervalSec: event.intervalSec, weRefresh: event.weRefresh };
        this.#lastRefresh = Date.now();
        this.#armForRefresh();
        break;
      case 'refresh-due':
        this.#sendRefresh();
        break;
      case 'refresh-refused':
        this.#armRetry();
        break;
      case 'refresh-failed':
        this.hooks.ended({ why: 'refresh-failed', status: event.status, intervalSec: this.#negotiated.intervalSec, sinceRefreshMs: this.#since() });
        break;
      case 'expired':
        this.hooks.ended({ why: 'expired', intervalSec: this.#negotiated.intervalSec, sinceRefreshMs: this.#since() });
        break;
      case 'stop':
        break;
    }
    return true;
  }

  #since(): number {
    return Date.now() - this.#lastRefresh;
  }

  /** The interval is over at this instant whatever happens. */
  #deadline(): number {
    return this.#lastRefresh + this.#negotiated.intervalSec * 1000;
  }

  #armForRefresh(): void {
    const { intervalSec, weRefresh } = this.#negotiated;
    if (weRefresh) this.#set((intervalSec * 1000) / 2, { type: 'refresh-due' });
    else this.#set(expiryDelaySec(intervalSec) * 1000, { type: 'expired' });
  }

  #armRetry(): void {
    const left = this.#deadline() - Date.now();
    if (left <= 0) this.#set(0, { type: 'expired' });
    else this.#set(Math.min(RETRY_MS, left / 2), { type: 'refresh-due' });
  }

  #sendRefresh(): void {
    // Our refresh normally ends by itself (a 2xx, or 408 from the transaction layer within 32 s);
    // the end of the interval is the backstop.
    this.#set(Math.max(0, this.#deadline() - Date.now()), { type: 'expired' });
    this.hooks.refreshSent?.(this.#since());
    void this.hooks.refresh(this.#negotiated.intervalSec).then((result) => {
      if (this.#state !== 'refreshing') return;
      if (result.kind === 'refreshed') this.fire({ type: 'refreshed', ...result.negotiated });
      else if (result.kind === 'refused') this.fire({ type: 'refresh-refused', status: result.status });
      else this.fire({ type: 'refresh-failed', status: result.status });
    });
  }

  #set(ms: number, event: SessionTimerEvent): void {
    this.#clock = setTimeout(() => {
      this.#clock = undefined;
      pending.delete(this);
      this.fire(event);
    }, ms);
    pending.add(this);
  }

  #clear(): void {
    if (this.#clock) clearTimeout(this.#clock);
    this.#clock = undefined;
    pending.delete(this);
  }
}
