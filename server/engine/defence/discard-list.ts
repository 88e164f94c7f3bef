// Addresses whose packets the engine drops unseen, each until a deadline: fed by the app's
// guard through SourceDiscard and by the engine's own flood ban. Bounded, so a flood of
// spoofed sources being banned can not grow memory without end (expired entries go first,
// then the one ending soonest).
import type { DiscardEntry } from './source-discard.js';

const maxEntries = 100_000;

export class DiscardList {
  private entries = new Map<string, DiscardEntry>();

  /** `address` must already be normalized (source-address.ts). */
  add(address: string, seconds: number, reason: string, now = Date.now()): void {
    if (!this.entries.has(address) && this.entries.size >= maxEntries) this.makeRoom(now);
    this.entries.set(address, { address, until: now + seconds * 1000, reason });
  }

  remove(address: string): boolean {
    return this.entries.delete(address);
  }

  has(address: string, now = Date.now()): boolean {
    const e = this.entries.get(address);
    if (!e) return false;
    if (e.until > now) return true;
    this.entries.delete(address);
    return false;
  }

  list(now = Date.now()): DiscardEntry[] {
    return [...this.entries.values()].filter((e) => e.until > now).map((e) => ({ ...e }));
  }

  get size(): number {
    return this.entries.size;
  }

  private makeRoom(now: number): void {
    let soonest: DiscardEntry | undefined;
    for (const e of this.entries.values()) {
      if (e.until <= now) this.entries.delete(e.address);
      else if (!soonest || e.until < soonest.until) soonest = e;
    }
    if (this.entries.size >= maxEntries && soonest) this.entries.delete(soonest.address);
  }
}
