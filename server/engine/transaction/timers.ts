// RFC 3261 timer values (§17, Table 4) derived from the configured T1, T2 and T4.

export interface SipTimers {
  t1: number;
  t2: number;
  t4: number;
}

/** Timers B, F, H and J: 64 × T1. */
export const timeout64 = (t: SipTimers): number => 64 * t.t1;

/** A set of named timers that can all be cancelled at once when a transaction ends. */
export class TimerSet {
  private timers = new Map<string, NodeJS.Timeout>();

  start(name: string, ms: number, fn: () => void): void {
    this.stop(name);
    const h = setTimeout(() => {
      this.timers.delete(name);
      fn();
    }, ms);
    h.unref?.();
    this.timers.set(name, h);
  }

  stop(name: string): void {
    const h = this.timers.get(name);
    if (h) clearTimeout(h);
    this.timers.delete(name);
  }

  clear(): void {
    for (const h of this.timers.values()) clearTimeout(h);
    this.timers.clear();
  }
}
