// Time as the ACD sees it: "now" and one-shot timers. Injected so unit tests can drive ring
// timeouts, wrap-up and max-wait deterministically (test/unit/acd/fake-clock.ts).
export interface TimerHandle { cancel(): void }

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimer(ms: number, fire: () => void): TimerHandle;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fire) {
    const t = setTimeout(fire, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
};
