// The caller's digits as a queue with timed waits. Digits pressed while nobody waits are kept
// (type-ahead) until a verb takes or flushes them. A wait ends on the first of: a digit is
// available, its timeout, the `until` promise settling (a prompt ending), or close() (the call
// ended) — and always clears its timer, so nothing is left pending after a hangup.
import type { Clock } from './clock.js';

interface Waiter {
  resolve: (available: boolean) => void;
  timer: unknown;
}

export class DigitQueue {
  private readonly buffer: string[] = [];
  private waiter: Waiter | null = null;
  private closed = false;

  constructor(private readonly clock: Clock) {}

  push(digit: string): void {
    if (this.closed) return;
    this.buffer.push(digit);
    this.settle(true);
  }

  /** Resolves true once a digit is available; false on timeout, when `until` settles, or when closed. */
  waitAvailable(timeoutMs?: number, until?: Promise<unknown>): Promise<boolean> {
    if (this.buffer.length > 0) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    this.settle(false);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { resolve, timer: undefined };
      if (timeoutMs !== undefined) waiter.timer = this.clock.setTimer(() => this.settle(false, waiter), timeoutMs);
      this.waiter = waiter;
      void until?.then(() => this.settle(false, waiter), () => this.settle(false, waiter));
    });
  }

  /** The next digit within `timeoutMs`, or null. */
  async next(timeoutMs: number): Promise<string | null> {
    return (await this.waitAvailable(timeoutMs)) ? this.take() ?? null : null;
  }

  /** Digits waiting to be taken. */
  get size(): number {
    return this.buffer.length;
  }

  take(): string | undefined {
    return this.buffer.shift();
  }

  flush(): void {
    this.buffer.length = 0;
  }

  close(): void {
    this.closed = true;
    this.buffer.length = 0;
    this.settle(false);
  }

  /** Ends the current wait (only `only`, if given — a late timer must not end a newer wait). */
  private settle(available: boolean, only?: Waiter): void {
    const waiter = this.waiter;
    if (!waiter || (only && waiter !== only)) return;
    this.waiter = null;
    this.clock.clearTimer(waiter.timer);
    waiter.resolve(available);
  }
}
