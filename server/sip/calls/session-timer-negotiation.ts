// RFC 4028 session-timer negotiation as pure functions: what a caller's INVITE (or refresh)
// asks for, what we answer (422 with Min-SE below our minimum, else Session-Expires with the
// refresher and Require: timer when the caller supports it), what we offer an agent's phone
// and what its 2xx settled. No clocks, no I/O: session-timer.ts applies the outcome.
//
// Roles: the `refresher` parameter names a side of the transaction that carries it (uac = the
// sender of the request), not of the dialog, so every outcome here is said as `weRefresh`.

/** The option tag of RFC 4028, for Supported/Require (the engine's Supported list holds it too). */
export const TIMER_OPTION_TAG = 'timer';

export interface SessionTimerPolicy {
  /** The interval we ask for and the largest we accept (RFC 4028 recommends 1800 s). */
  sessionExpiresSec: number;
  /** The smallest interval we accept; RFC 4028 §4 sets 90 s as the floor for everyone. */
  minSeSec: number;
}

export const RFC_MIN_SE_SEC = 90;
export const defaultSessionTimerPolicy: SessionTimerPolicy = { sessionExpiresSec: 1800, minSeSec: RFC_MIN_SE_SEC };

/** The policy as given, or an error naming what breaks RFC 4028 (a Min-SE below 90 s, an interval below it). */
export function checkedSessionTimerPolicy(policy: SessionTimerPolicy): SessionTimerPolicy {
  const { sessionExpiresSec: se, minSeSec: min } = policy;
  if (!Number.isInteger(min) || min < RFC_MIN_SE_SEC) throw new Error(`sessionTimers.minSeSec must be an integer of at least ${RFC_MIN_SE_SEC} (RFC 4028 §4), got ${min}`);
  if (!Number.isInteger(se) || se < min) throw new Error(`sessionTimers.sessionExpiresSec must be an integer of at least minSeSec (${min}), got ${se}`);
  return policy;
}

/** The headers of a request or response we read (drachtio-srf's get/has). */
export interface HeaderSource {
  get(name: string): string;
  has(name: string): boolean;
}

export type Refresher = 'uac' | 'uas';
export interface SessionExpires {
  intervalSec: number;
  refresher?: Refresher;
}

export interface Negotiated {
  intervalSec: number;
  weRefresh: boolean;
}

export type UasOutcome =
  | { kind: 'refuse'; status: 400 | 422; reason: string; headers: Record<string, string> }
  /** `headers` go into our 2xx; `weRefresh` says who sends the refreshes. */
  | ({ kind: 'accept'; headers: Record<string, string> } & Negotiated);

function header(src: HeaderSource, name: string, compact?: string): string | undefined {
  if (src.has(name)) return src.get(name);
  if (compact && src.has(compact)) return src.get(compact);
  return undefined;
}

/** The option tags of Supported (or Require) in lower case. */
export function optionTags(src: HeaderSource, name: 'Supported' | 'Require'): string[] {
  const value = header(src, name, name === 'Supported' ? 'k' : undefined) ?? '';
  return value.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
}

/** Whether the peer can do UPDATE (its Allow); refreshes then go without SDP. */
export function allowsUpdate(src: HeaderSource): boolean {
  return /(^|[\s,])UPDATE($|[\s,])/i.test(header(src, 'Allow') ?? '');
}

/** Session-Expires (compact `x`): absent, malformed, or its interval and refresher. */
export function parseSessionExpires(src: HeaderSource): SessionExpires | 'malformed' | undefined {
  const value = header(src, 'Session-Expires', 'x');
  if (value === undefined) return undefined;
  const m = /^\s*(\d{1,10})\s*((?:;[^;]*)*)$/.exec(value);
  if (!m) return 'malformed';
  const intervalSec = Number(m[1]);
  if (intervalSec <= 0) return 'malformed';
  const refresher = /;\s*refresher\s*=\s*(uac|uas)\b/i.exec(m[2] ?? '')?.[1]?.toLowerCase() as Refresher | undefined;
  return refresher ? { intervalSec, refresher } : { intervalSec };
}

/** Min-SE: absent or unreadable is 0 (no minimum beyond ours). */
export function parseMinSe(src: HeaderSource): number {
  const m = /^\s*(\d{1,10})/.exec(header(src, 'Min-SE') ?? '');
  return m ? Number(m[1]) : 0;
}

/**
 * We are the UAS of a caller's INVITE or refresh (re-INVITE, UPDATE). Below our minimum is
 * 422 with our Min-SE (§9); above our interval we lower it (allowed down to the Min-SE). A
 * caller that supports `timer` refreshes unless it asked us to; one that does not cannot, so
 * we refresh (refresher=uas) and send no Require — a re-INVITE is legal to any UA, and it is
 * how we notice a caller that vanished without supporting the extension.
 */
export function negotiateAsUas(req: HeaderSource, policy: SessionTimerPolicy): UasOutcome {
  const asked = parseSessionExpires(req);
  if (asked === 'malformed') return { kind: 'refuse', status: 400, reason: 'Bad Request - malformed Session-Expires', headers: {} };
  if (asked && asked.intervalSec < policy.minSeSec) {
    return { kind: 'refuse', status: 422, reason: 'Session Interval Too Small', headers: { 'Min-SE': String(policy.minSeSec) } };
  }
  const floor = Math.max(policy.minSeSec, parseMinSe(req));
  const intervalSec = Math.max(floor, Math.min(asked?.intervalSec ?? policy.sessionExpiresSec, policy.sessionExpiresSec));
  const supported = optionTags(req, 'Supported').includes(TIMER_OPTION_TAG) || optionTags(req, 'Require').includes(TIMER_OPTION_TAG);
  const refresher: Refresher = supported ? (asked?.refresher ?? 'uac') : 'uas';
  return {
    kind: 'accept', intervalSec, weRefresh: refresher === 'uas',
    headers: { 'Session-Expires': `${intervalSec};refresher=${refresher}`, ...(supported ? { Require: TIMER_OPTION_TAG } : {}) },
  };
}

/** What we put in a request we send (the agent leg's INVITE, our refreshes): we refresh. */
export function offerHeaders(intervalSec: number, policy: SessionTimerPolicy): Record<string, string> {
  return { 'Session-Expires': `${intervalSec};refresher=uac`, 'Min-SE': String(policy.minSeSec), Supported: TIMER_OPTION_TAG };
}

/**
 * The 2xx to a request of ours that offered `offeredSec` with refresher=uac. With
 * Session-Expires it settles interval and refresher (§7.2). Without one the peer does not do
 * timers; RFC 4028 would have no expiry then, but a desk phone that vanishes must still be
 * noticed, so we go on refreshing ourselves at our interval (as Asterisk's "originate" and
 * pjsip's "always" modes do): a refresh that gets 408/481 ends the call.
 */
export function settledByAnswer(res: HeaderSource, offeredSec: number): Negotiated {
  const answered = parseSessionExpires(res);
  if (!answered || answered === 'malformed') return { intervalSec: offeredSec, weRefresh: true };
  return { intervalSec: answered.intervalSec, weRefresh: answered.refresher !== 'uas' };
}

/**
 * When the side that does not refresh gives up: RFC 4028 §10 has it send BYE before the
 * interval is out, by the smaller of 32 s and a third of the interval.
 */
export function expiryDelaySec(intervalSec: number): number {
  return intervalSec - Math.min(32, intervalSec / 3);
}
