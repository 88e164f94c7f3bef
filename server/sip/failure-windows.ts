// Failure times per key (an address, an account) in a sliding window, with a bound on the
// number of keys so a spoofed-source flood can not grow memory without end. The security
// guard keeps one per (key kind, window length); each key holds at most `limit` times.

export class FailureWindows {
  private readonly times = new Map<string, number[]>();

  constructor(private readonly windowMs: number, private readonly limit: number, private readonly maxKeys: number) {}

  /** Records a failure at `now`; returns how many failures the key has in the window, this one included. */
  add(key: string, now: number): number {
    const start = now - this.windowMs;
    const kept = (this.times.get(key) ?? []).filter((t) => t > start);
    kept.push(now);
    // Only the last `limit` matter for the threshold; older ones would only cost memory.
    if (kept.length > this.limit) kept.splice(0, kept.length - this.limit);
    if (!this.times.has(key) && this.times.size >= this.maxKeys) this.prune(start);
    if (this.times.size < this.maxKeys || this.times.has(key)) this.times.set(key, kept);
    return kept.length;
  }

  count(key: string, now: number): number {
    const start = now - this.windowMs;
    return (this.times.get(key) ?? []).filter((t) => t > start).length;
  }

  /** Forgets a key (its address was just banned: its count starts again after the ban). */
  clear(key: string): void {
    this.times.delete(key);
  }

  private prune(start: number): void {
    for (const [key, times] of this.times) if ((times[times.length - 1] ?? 0) <= start) this.times.delete(key);
  }
}
