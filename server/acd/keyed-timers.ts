// One-shot timers by name ("ring:<call>", "wrap:<agent>", "wait:<call>"): setting a name
// replaces its timer, so a stale timer can never fire for a later state.
import type { Clock, TimerHandle } from './clock.js';

export class KeyedTimers {
  #timers = new Map<string, TimerHandle>();

  constructor(private readonly clock: Clock) {}

  set(key: string, ms: number, fire: () => void): void {
    this.cancel(key);
    const handle = this.clock.setTimer(ms, () => {
      if (this.#timers.get(key) !== handle) return;
      this.#timers.delete(key);
      fire();
    });
    this.#timers.set(key, handle);
  }

  cancel(key: string): void {
    this.#timers.get(key)?.cancel();
    this.#timers.delete(key);
  }

  has(key: string): boolean { return this.#timers.has(key); }

  cancelAll(): void {
    for (const handle of this.#timers.values()) handle.cancel();
    this.#timers.clear();
  }
}
