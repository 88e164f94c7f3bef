// The engine's control interface for blocking sources, as the app sees it: the app's security
// guard decides who is banned, the engine drops their packets before any parsing. Both the
// in-process engine (startEngine) and the engine thread (startEngineThread) implement it, so
// the app takes it as a dependency without knowing which one runs.

export interface SourceDiscard {
  /**
   * Drops every packet and connection from `address` (an IP address) for `seconds`, with no
   * answer at all; requests of it still waiting for an app are forgotten without an answer.
   * A second call replaces the first. Throws on an address that is not an IP address.
   */
  discard(address: string, seconds: number, reason: string): void;
  /** Lifts a discard early; unknown addresses are ignored. */
  undiscard(address: string): void;
}

/** One address in the discard list. */
export interface DiscardEntry {
  address: string;
  /** Epoch milliseconds when the discard ends. */
  until: number;
  reason: string;
}

/** Longest discard accepted (one year). */
export const maxDiscardSec = 365 * 86400;

/** `seconds` if it is a usable discard duration; throws a RangeError naming it otherwise. */
export function checkedDiscardSeconds(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > maxDiscardSec) throw new RangeError(`discard seconds must be within 0-${maxDiscardSec}, got ${seconds}`);
  return seconds;
}
