// The ACD's clock for the simulations of the ACD bench: timers in a binary heap, so a run of
// tens of thousands of calls (a hang-up timer per talking agent, ring timers set and cancelled
// on every offer) costs log(timers) per event, where the unit tests' FakeClock sorts them all.
// run() fires due timers in time order and lets the ACD settle after each, like FakeClock.
import type { Clock, TimerHandle } from '../../../server/acd/clock.js';

interface Pending { at: number; seq: number; fire: () => void; cancelled: boolean }

const before = (a: Pending, b: Pending) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export class SimClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #heap: Pending[] = [];

  constructor(start = Date.UTC(2026, 0, 5, 9, 0, 0)) { this.#now = start; }

  now(): number { return this.#now; }

  setTimer(ms: number, fire: () => void): TimerHandle {
    const timer: Pending = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fire, cancelled: false };
    this.#push(timer);
    return { cancel: () => { timer.cancelled = true; } };
  }

  /** Fires timers in time order, settling after each, until `done()` or no timer is left. */
  async run(settle: () => Promise<void>, done: () => boolean): Promise<void> {
    await settle();
    while (!done()) {
      const next = this.#pop();
      if (!next) return;
      if (next.cancelled) continue;
      this.#now = next.at;
      next.fire();
      await settle();
    }
  }

  /** Moves time on by `ms`, firing what falls due. */
  async advance(ms: number, settle: () => Promise<void>): Promise<void> {
    const target = this.#now + ms;
    await this.run(settle, () => (this.#heap[0]?.at ?? Infinity) > target);
    this.#now = target;
  }

  #push(t: Pending): void {
    const h = this.#heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as Pending;
      if (!before(t, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = t;
  }

  #pop(): Pending | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = last;
      let at = -1;
      const left = h[l];
      const right = h[r];
      if (left && before(left, smallest)) { smallest = left; at = l; }
      if (right && before(right, smallest)) { smallest = right; at = r; }
      if (at === -1) break;
      h[i] = smallest;
      i = at;
    }
    h[i] = last;
    return top;
  }
}
