// Per-trunk admission of inbound calls: calls per second (trunks.max_cps, a token bucket that
// holds one second's worth, so a burst of max_cps is admitted and then max_cps a second) and
// concurrent calls (trunks.max_channels). A NULL column means no limit of that kind.
//
// The call path asks admit(trunk) once it knows which trunk an INVITE came from, before it
// writes anything; a refusal is answered `503 Service Unavailable (<reason>)` with
// `Retry-After`, and NO call record is written for it. Instead, refusals are counted and
// logged as one warn line per trunk per second while they go on:
//   {"level":40,...,"trunkId":"…","trunk":"carrier-a","refused":{"cps":412,"channels":0},"msg":"trunk over its limits; INVITEs refused with 503"}
// An admitted call holds a channel until release() (idempotent) at call end, whatever the end.
import type { Logger } from 'pino';

/** The trunk columns admission reads; pass the current row so API changes apply to the next call. */
export interface LimitedTrunk {
  id: string;
  name: string;
  max_cps: number | null;
  max_channels: number | null;
}

export type TrunkAdmission =
  | { ok: true; release(): void }
  | { ok: false; status: 503; reason: string; retryAfterSec: number };

export interface TrunkLimitsOptions {
  logger: Logger;
  /** Retry-After for a call refused because every channel is busy (default 5 s). */
  channelsRetryAfterSec?: number;
  /** Milliseconds; tests pass a fake one. */
  clock?: () => number;
}

interface TrunkState {
  name: string;
  tokens: number;
  refilledAt: number;
  channels: number;
  refused: { cps: number; channels: number };
  report: NodeJS.Timeout | undefined;
}

export class TrunkLimits {
  private readonly trunks = new Map<string, TrunkState>();
  private readonly clock: () => number;
  private readonly channelsRetryAfterSec: number;

  constructor(private readonly opts: TrunkLimitsOptions) {
    this.clock = opts.clock ?? (() => Date.now());
    this.channelsRetryAfterSec = opts.channelsRetryAfterSec ?? 5;
  }

  admit(trunk: LimitedTrunk): TrunkAdmission {
    const now = this.clock();
    const state = this.stateOf(trunk, now);
    if (trunk.max_channels !== null && state.channels >= trunk.max_channels) {
      return this.refuse(trunk, state, 'channels', `trunk at its limit of ${trunk.max_channels} concurrent calls`, this.channelsRetryAfterSec);
    }
    if (trunk.max_cps !== null) {
      state.tokens = Math.min(trunk.max_cps, state.tokens + ((now - state.refilledAt) / 1000) * trunk.max_cps);
      state.refilledAt = now;
      if (state.tokens < 1) return this.refuse(trunk, state, 'cps', `trunk over its limit of ${trunk.max_cps} calls per second`, 1);
      state.tokens -= 1;
    }
    state.channels += 1;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        state.channels -= 1;
      },
    };
  }

  /** Calls admitted on this trunk and not yet released. */
  active(trunkId: string): number {
    return this.trunks.get(trunkId)?.channels ?? 0;
  }

  /** Logs what is still counted and stops the report timers. */
  close(): void {
    for (const [id, state] of this.trunks) {
      if (!state.report) continue;
      clearTimeout(state.report);
      this.flush(id, state);
    }
  }

  private stateOf(trunk: LimitedTrunk, now: number): TrunkState {
    let state = this.trunks.get(trunk.id);
    if (!state) {
      state = { name: trunk.name, tokens: trunk.max_cps ?? 0, refilledAt: now, channels: 0, refused: { cps: 0, channels: 0 }, report: undefined };
      this.trunks.set(trunk.id, state);
    }
    state.name = trunk.name;
    return state;
  }

  private refuse(trunk: LimitedTrunk, state: TrunkState, kind: 'cps' | 'channels', reason: string, retryAfterSec: number): TrunkAdmission {
    state.refused[kind] += 1;
    if (!state.report) {
      state.report = setTimeout(() => this.flush(trunk.id, state), 1000);
      state.report.unref();
    }
    return { ok: false, status: 503, reason, retryAfterSec };
  }

  private flush(id: string, state: TrunkState): void {
    state.report = undefined;
    const { cps, channels } = state.refused;
    if (cps + channels === 0) return;
    this.opts.logger.warn({ trunkId: id, trunk: state.name, refused: { cps, channels } }, 'trunk over its limits; INVITEs refused with 503');
    state.refused = { cps: 0, channels: 0 };
  }
}

/** The SIP answer for a refused admission, as srf's res.send takes it. */
export function refusalResponse(refusal: { reason: string; retryAfterSec: number }): { status: 503; reason: string; headers: Record<string, string> } {
  return { status: 503, reason: `Service Unavailable (${refusal.reason})`, headers: { 'Retry-After': String(refusal.retryAfterSec) } };
}
