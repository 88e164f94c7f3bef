// Requests handed to an app and not answered yet, shared fairly between sources: one source
// address holds at most `perSource` entries (trusted sources excepted), and when the whole
// table is full a newcomer from another source takes the oldest slot of the heaviest source,
// so a flood from one address sheds that address first and everyone else keeps working.
import { normalizeAddress } from '../defence/source-address.js';

export interface PendingLimits {
  total: number;
  perSource: number;
}

export type PendingVerdict<T> =
  | { kind: 'ok' }
  /** The source holds its whole share: refuse its request. */
  | { kind: 'source-full' }
  /** The table is full and this source is (one of) the heaviest: refuse its request. */
  | { kind: 'full' }
  /** The table is full: answer `victim` (the heaviest source's oldest) to make room. */
  | { kind: 'evict'; victim: T };

interface Entry {
  since: number;
  source: string;
}

export class PendingTable<T> {
  private entries = new Map<T, Entry>();
  private bySource = new Map<string, Set<T>>();

  constructor(private readonly limits: PendingLimits, private readonly isTrusted: (address: string) => boolean) {}

  get size(): number {
    return this.entries.size;
  }

  /** May a new request from `address` take a slot? Does not take it (add does). */
  admit(address: string): PendingVerdict<T> {
    const source = normalizeAddress(address);
    const mine = this.bySource.get(source)?.size ?? 0;
    if (mine >= this.limits.perSource && !this.isTrusted(source)) return { kind: 'source-full' };
    if (this.entries.size < this.limits.total) return { kind: 'ok' };
    let heaviest: Set<T> | undefined;
    for (const set of this.bySource.values()) if (!heaviest || set.size > heaviest.size) heaviest = set;
    if (!heaviest || heaviest.size <= mine + 1) return { kind: 'full' };
    const victim = heaviest.values().next().value as T;
    return { kind: 'evict', victim };
  }

  add(item: T, address: string, now = Date.now()): void {
    if (this.entries.has(item)) return;
    const source = normalizeAddress(address);
    this.entries.set(item, { since: now, source });
    let set = this.bySource.get(source);
    if (!set) this.bySource.set(source, (set = new Set()));
    set.add(item);
  }

  delete(item: T): void {
    const e = this.entries.get(item);
    if (!e) return;
    this.entries.delete(item);
    const set = this.bySource.get(e.source);
    set?.delete(item);
    if (set?.size === 0) this.bySource.delete(e.source);
  }

  /** Every entry with the time it was added, oldest first. */
  *all(): IterableIterator<[T, number]> {
    for (const [item, e] of this.entries) yield [item, e.since];
  }

  /** The entries of one source (e.g. to forget them when it is discarded). */
  ofSource(address: string): T[] {
    return [...(this.bySource.get(normalizeAddress(address)) ?? [])];
  }
}
