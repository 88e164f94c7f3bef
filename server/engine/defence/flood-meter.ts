// Requests per source address per second, in the spirit of Kamailio's pike: a sliding-window
// counter per address (the previous window's count weighted by how much of it still overlaps,
// plus the current window's), so a source is caught within a fraction of the window and not
// only at window edges. O(1) per request; idle addresses are swept.

export interface FloodLimits {
  /** Length of the sampling window in seconds. */
  windowSec: number;
  /** Requests per second (averaged over the window) above which a source is banned; 0 = off. */
  maxPerSec: number;
}

interface Counter {
  windowStart: number;
  count: number;
  previous: number;
}

/** Bound on tracked addresses; past it new addresses are not metered until a sweep frees room. */
const maxTracked = 200_000;

export class FloodMeter {
  private counters = new Map<string, Counter>();
  private lastSweep = Date.now();

  constructor(private readonly limits: FloodLimits) {}

  /** Counts one request; returns the measured rate (req/s) when it is over the limit, else 0. */
  hit(address: string, now = Date.now()): number {
    if (this.limits.maxPerSec <= 0) return 0;
    const windowMs = this.limits.windowSec * 1000;
    if (now - this.lastSweep > windowMs * 2) this.sweep(now, windowMs);
    let c = this.counters.get(address);
    if (!c) {
      if (this.counters.size >= maxTracked) return 0;
      c = { windowStart: now, count: 0, previous: 0 };
      this.counters.set(address, c);
    }
    const elapsed = now - c.windowStart;
    if (elapsed >= windowMs) {
      // One window on: the current count becomes the previous one; two or more: both are stale.
      c.previous = elapsed < windowMs * 2 ? c.count : 0;
      c.count = 0;
      c.windowStart = now - (elapsed % windowMs);
    }
    c.count++;
    const overlap = 1 - (now - c.windowStart) / windowMs;
    const estimate = c.previous * overlap + c.count;
    const rate = estimate / this.limits.windowSec;
    return estimate > this.limits.maxPerSec * this.limits.windowSec ? Math.round(rate) : 0;
  }

  forget(address: string): void {
    this.counters.delete(address);
  }

  private sweep(now: number, windowMs: number): void {
    this.lastSweep = now;
    for (const [a, c] of this.counters) if (now - c.windowStart >= windowMs * 2) this.counters.delete(a);
  }
}
