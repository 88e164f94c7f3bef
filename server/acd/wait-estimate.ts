// Estimated wait time (EWT) of a waiting caller, from live data: how many agents staff the
// queue, how many of them are free, the queue's average handle time (talk + wrap-up of recent
// calls), the caller's position, and the rate at which higher-priority callers arrive (they
// will overtake). With every agent busy, agents free up at `staffed / aht` per unit of time
// (the service rate; exact in the mean for exponential handle times, whatever the calls'
// elapsed talk time); the caller at position k needs k of them, less the overtakers' share:
//   EWT = (k − free) / (staffed / aht − λ_higher)
// "Don't announce a wait you can't estimate" (Asterisk's announce-holdtime fault): no handled
// call yet, nobody staffed, or higher-priority callers arriving as fast as agents free up → null.
// The wait itself is random (the sum of k exponential gaps): `npm run bench:acd` measures the
// estimate against real waits beside the least error any estimate from the position can have.
// It is the mean, not the median: the median would lower that error by a point or two but
// announce a wait that half the callers exceed.
//
// HandleTimes keeps the average handle time: a plain mean over the first `window` calls,
// then an exponentially weighted one with weight 1/window, so one long call moves it little.
// Arrivals keeps the last `window` entries (time, priority) for λ_higher.

export interface WaitInput {
  /** 1-based position in the queue. */
  position: number;
  /** Members logged in and not paused nor not-ready: available, ringing, on a call or in wrap-up. */
  staffed: number;
  /** Of those, available now. */
  free: number;
  /** Average handle time in ms; null before the first handled call. */
  ahtMs: number | null;
  /** Arrivals per ms of callers with a higher priority than this one. */
  higherArrivalsPerMs: number;
}

export function estimateWaitMs(i: WaitInput): number | null {
  if (i.ahtMs === null || i.staffed === 0) return null;
  const ahead = i.position - i.free;
  if (ahead <= 0) return 0;
  const rate = i.staffed / i.ahtMs - i.higherArrivalsPerMs;
  // Overtakers arrive (nearly) as fast as agents free up: the wait has no finite estimate.
  if (rate <= 0.05 * (i.staffed / i.ahtMs)) return null;
  return ahead / rate;
}

export class HandleTimes {
  #count = 0;
  #averageMs = 0;
  constructor(private readonly window = 200) {}

  add(ms: number): void {
    this.#count += 1;
    this.#averageMs += (ms - this.#averageMs) / Math.min(this.#count, this.window);
  }

  get averageMs(): number | null { return this.#count === 0 ? null : this.#averageMs; }
}

export class Arrivals {
  #at: number[] = [];
  #priority: number[] = [];
  constructor(private readonly window = 100) {}

  add(at: number, priority: number): void {
    this.#at.push(at);
    this.#priority.push(priority);
    if (this.#at.length > this.window) { this.#at.shift(); this.#priority.shift(); }
  }

  /** Arrivals per ms with a priority above `priority`, over the span the window covers (up to now). */
  higherThan(priority: number, now: number): number {
    const first = this.#at[0];
    if (first === undefined || now <= first) return 0;
    const higher = this.#priority.filter((p) => p > priority).length;
    return higher / (now - first);
  }
}
