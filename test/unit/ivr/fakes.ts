// A fake clock and a fake CallMedia for the IVR's pure-logic tests. Prompts "play" for a set
// time on the fake clock; tests press digits and hang up at chosen instants, and can check
// that nothing (timer, listener) is left behind.
import type { CallMedia, Clock, PlayingPrompt, PromptSource } from '../../../server/ivr/index.js';

/** Lets every promise chain that is ready run (the fakes never wait on real I/O). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

export class FakeClock implements Clock {
  private t = Date.UTC(2026, 10, 23, 10, 0, 0);
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number { return this.t; }
  setTimer(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimer(handle: unknown): void {
    if (typeof handle === 'number') this.timers.delete(handle);
  }
  get pendingTimers(): number { return this.timers.size; }

  set(at: number): void { this.t = at; }

  /** Moves time forward by `ms`, firing due timers in order and letting their effects run. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    await settle();
    while (true) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
      await settle();
    }
    this.t = target;
    await settle();
  }
}

export interface PlayedPrompt {
  source: PromptSource;
  startedAt: number;
  end?: 'completed' | 'stopped' | 'call-ended';
  endedAt?: number;
}

export class FakeCallMedia implements CallMedia {
  readonly callId = 'call-1';
  readonly played: PlayedPrompt[] = [];
  /** How long a prompt plays, in ms. */
  promptMs = 2000;
  /** Plays of these files fail (as a missing file would). */
  readonly failing = new Set<string>();
  private readonly digitListeners = new Set<(d: string) => void>();
  private readonly endedListeners = new Set<() => void>();

  constructor(private readonly clock: FakeClock) {}

  /** When set, play() waits for it (a slow media server), then starts the prompt. */
  gate: Promise<void> | null = null;

  async play(source: PromptSource): Promise<PlayingPrompt> {
    if ('file' in source && this.failing.has(source.file)) throw new Error(`cannot play ${source.file}`);
    if (this.gate) await this.gate;
    const entry: PlayedPrompt = { source, startedAt: this.clock.now() };
    this.played.push(entry);
    let resolve!: (r: 'completed' | 'stopped') => void;
    const done = new Promise<'completed' | 'stopped'>((r) => (resolve = r));
    const finish = (how: 'completed' | 'stopped'): void => {
      if (entry.end) return;
      entry.end = how;
      entry.endedAt = this.clock.now();
      this.clock.clearTimer(timer);
      resolve(how);
    };
    const timer = this.clock.setTimer(() => finish('completed'), this.promptMs);
    return { done, stop: async () => finish('stopped') };
  }

  onDigit(listener: (d: string) => void): () => void {
    this.digitListeners.add(listener);
    return () => this.digitListeners.delete(listener);
  }
  onEnded(listener: () => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  press(digits: string): void {
    for (const d of digits) for (const l of this.digitListeners) l(d);
  }
  hangup(): void {
    for (const l of this.endedListeners) l();
  }
  get listeners(): number { return this.digitListeners.size + this.endedListeners.size; }

  /** What was played, as short labels: the text, the file or the prompt id. */
  get labels(): string[] {
    return this.played.map((p) => ('text' in p.source ? p.source.text : p.source.file));
  }
}
