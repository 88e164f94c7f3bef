// A clock the test moves by hand. advance() fires due timers in time order and lets the ACD
// finish what each one started (settle) before the next, so timer chains are deterministic.
import type { Clock, TimerHandle } from '../../../server/acd/clock.js';

interface Pending { at: number; seq: number; fire: () => void; cancelled: boolean }

export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Pending[] = [];

  constructor(start = Date.UTC(2026, 0, 5, 9, 0, 0)) { this.#now = start; }

  now(): number { return this.#now; }

  setTimer(ms: number, fire: () => void): TimerHandle {
    const timer: Pending = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fire, cancelled: false };
    this.#timers.push(timer);
    return { cancel: () => { timer.cancelled = true; } };
  }

  /** Live (not cancelled, not fired) timers. */
  get pending(): number { return this.#timers.filter((t) => !t.cancelled).length; }

  async advance(ms: number, settle: () => Promise<void>): Promise<void> {
    const target = this.#now + ms;
    await settle();
    while (true) {
      this.#timers = this.#timers.filter((t) => !t.cancelled);
      const next = this.#timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.#now = next.at;
      next.cancelled = true;
      next.fire();
      await settle();
    }
    this.#now = target;
  }
}
