// Slows password guessing at the login endpoint: after a few failures for one username from
// one address, further attempts are refused for a while (429). Keyed by the pair so that a
// stranger cannot lock a user out from elsewhere. In memory: one node's view is enough to
// make guessing slow; a restart forgets it.
const maxKeys = 10_000;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly maxFailures = 5, private readonly windowMs = 5 * 60_000) {}

  /** Seconds until this key may try again; 0 when it may try now. */
  retryAfter(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    if (recent.length < this.maxFailures) return 0;
    return Math.ceil(((recent[0] ?? now) + this.windowMs - now) / 1000);
  }

  failed(key: string, now = Date.now()): void {
    const recent = this.recent(key, now);
    this.failures.delete(key);
    this.failures.set(key, [...recent, now]);
    // Bounded memory under a spray of usernames: forget the keys that failed longest ago.
    for (const oldest of this.failures.keys()) {
      if (this.failures.size <= maxKeys) break;
      this.failures.delete(oldest);
    }
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    return kept;
  }
}
