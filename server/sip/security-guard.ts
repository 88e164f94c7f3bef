// Brute-force and scanner defence for SIP requests from phones. Failed authentications are
// counted per source address and per account, each in a short and a long sliding window:
//   - an address with `maxFailures` in `windowSec` (fast guessing) or `slowMaxFailures` in
//     `slowWindowSec` (slow guessing, e.g. 4 tries a minute) is banned for `blockSec`;
//   - an account with `accountMaxFailures` in `accountWindowSec` from any addresses (many
//     addresses, few tries each) is "under attack": one `account-under-attack` line per
//     window, and while it lasts every further failure against that account bans its address
//     at once (one strike). The account itself is never locked: the right credentials keep
//     working from any address that is not banned, so an attacker can not lock out the real
//     phone, and the real phone is not banned unless it too sends wrong credentials.
// The failure that causes a ban is answered 403; from then on the address is ignored (no
// answer, no database work) for the block period, and the ban is pushed into the SIP
// engine's discard list (`discardInto`, a quarter second later, after the 403 is out) so the
// engine drops the source before any transaction; the engine expires it after blockSec.
// Known scanner user agents are rejected outright.
//
// One registration attempt counts once: a phone with a wrong password retries at once on each
// fresh nonce (baresip 1.0 retries fifteen times in 60 ms, whatever `stale` says), so a
// further failure of the same attempt (same address, user and Call-ID) within
// `attemptBurstSec` is a 'repeat': logged, not counted, and answered 403 (no fresh nonce), which
// ends the phone's attempt. Only `attemptRetries` repeats are free; beyond them each counts
// again, so one Call-ID is no free pass for guessing. Bans can be listed (`blocks`) and lifted
// (`lift`, which the engine's discard list follows).
//
// Every event is one pino line at warn level with `security: "sip"`, the source IP, the user
// and a reason, e.g.
//   {"level":40,...,"security":"sip","ip":"203.0.113.9","user":"1001","reason":"wrong-password","msg":"sip security event"}
// A fail2ban filter for it: failregex = ^.*"security":"sip","ip":"<HOST>".*$
// (the account alert has `"ip":""`, so fail2ban ignores it; it is for the operator).
import type { Logger } from 'pino';
import { FailureWindows } from './failure-windows.js';

export type SecurityReason =
  | 'wrong-password' | 'unknown-user' | 'bad-credentials' | 'user-mismatch' | 'nonce-replay'
  | 'scanner-user-agent' | 'blocked' | 'account-under-attack';

/** Where bans go so the SIP engine drops the source itself (the engine's discard list). */
export interface SourceDiscardSink {
  discard(address: string, seconds: number, reason: string): void;
  undiscard(address: string): void;
}

/** A ban in force: from when, until when, and why (the window that tripped and the last user tried). */
export interface AddressBlock {
  address: string;
  since: number;
  until: number;
  reason: string;
  user: string;
}

export interface SecurityGuardOptions {
  /** Failures from one address within `windowSec` that trigger a block. */
  maxFailures: number;
  windowSec: number;
  /** The same over a long window, for slow guessing. */
  slowMaxFailures: number;
  slowWindowSec: number;
  /** Failures against one account, from any addresses, that put it under attack. */
  accountMaxFailures: number;
  accountWindowSec: number;
  blockSec: number;
  /** Failures of one attempt (address, user, Call-ID) after its first that are not counted... */
  attemptRetries: number;
  /** ...while they come within this many seconds of the attempt's first failure. */
  attemptBurstSec: number;
  /** Lower-case substrings of User-Agent values that mark a scanner. */
  scannerUserAgents: string[];
  /** Milliseconds since the epoch; tests pass a fake one. */
  clock: () => number;
}

export const defaultScannerUserAgents = [
  'friendly-scanner', 'sipvicious', 'sip-scan', 'sipscan', 'sipcli', 'sundayddr', 'iwar', 'vaxsipuseragent',
  'pplsip', 'smap', 'nmap', 'sipptk', 'voipbuster', 'avgvoip', 'eyebeam sipvicious',
];

export const defaultGuardOptions: SecurityGuardOptions = {
  maxFailures: 5, windowSec: 60, slowMaxFailures: 20, slowWindowSec: 3600,
  accountMaxFailures: 20, accountWindowSec: 3600, blockSec: 600, attemptRetries: 3, attemptBurstSec: 10,
  scannerUserAgents: defaultScannerUserAgents, clock: () => Date.now(),
};

/** Delay between a ban and its push to the engine (the ban holds in the guard meanwhile). */
const discardAfterMs = 250;

/** Bound on tracked addresses and accounts, so a spoofed-source flood can not grow memory without end. */
const maxTrackedKeys = 100_000;

export class SecurityGuard {
  private readonly fast: FailureWindows;
  private readonly slow: FailureWindows;
  private readonly accounts: FailureWindows;
  private readonly blocked = new Map<string, AddressBlock>();
  /** Attempt key → its first counted failure and how many repeats went uncounted since. */
  private readonly attempts = new Map<string, { first: number; repeats: number }>();
  /** Account → when its last under-attack alert was logged. */
  private readonly alerted = new Map<string, number>();
  private sink: SourceDiscardSink | undefined;
  readonly options: SecurityGuardOptions;

  constructor(private readonly logger: Logger, options: Partial<SecurityGuardOptions> = {}) {
    this.options = { ...defaultGuardOptions, ...options };
    const o = this.options;
    this.fast = new FailureWindows(o.windowSec * 1000, o.maxFailures, maxTrackedKeys);
    this.slow = new FailureWindows(o.slowWindowSec * 1000, o.slowMaxFailures, maxTrackedKeys);
    this.accounts = new FailureWindows(o.accountWindowSec * 1000, o.accountMaxFailures, maxTrackedKeys);
  }

  /** Sends every ban from now on (and the ones in force) to the engine's discard list. */
  discardInto(sink: SourceDiscardSink): void {
    this.sink = sink;
    const now = this.options.clock();
    for (const [ip, b] of this.blocked) if (b.until > now) this.push(ip, b.until - now, 'sip-auth-failures');
  }

  /** True while requests from `ip` are to be dropped. */
  isBlocked(ip: string, now = this.options.clock()): boolean {
    const block = this.blocked.get(ip);
    if (block === undefined) return false;
    if (block.until > now) return true;
    this.blocked.delete(ip);
    return false;
  }

  /** The bans in force, oldest first. */
  blocks(now = this.options.clock()): AddressBlock[] {
    this.pruneBlocked(now);
    return [...this.blocked.values()].sort((a, b) => a.since - b.since);
  }

  /**
   * Lifts a ban (an admin's decision): the address may authenticate again at once, its failure
   * counts start from zero, and the engine stops dropping it. False when it was not banned here.
   */
  lift(ip: string, by: string): boolean {
    const was = this.blocked.delete(ip);
    this.fast.clear(ip);
    this.slow.clear(ip);
    for (const key of this.attempts.keys()) if (key.startsWith(`${ip}\n`)) this.attempts.delete(key);
    try {
      this.sink?.undiscard(ip);
    } catch (err) {
      this.logger.error({ err, ip }, 'could not lift a ban from the engine discard list');
    }
    this.logger.warn({ security: 'sip', ip: '', address: ip, by, lifted: was }, 'sip block lifted');
    return was;
  }

  isScanner(userAgent: string | undefined): boolean {
    if (!userAgent) return false;
    const ua = userAgent.toLowerCase();
    return this.options.scannerUserAgents.some((s) => ua.includes(s));
  }

  /** Logs one security event without counting it (e.g. a replayed nonce). */
  event(ip: string, user: string, reason: SecurityReason, extra: Record<string, string> = {}): void {
    this.logger.warn({ security: 'sip', ip, user, reason, ...extra }, 'sip security event');
  }

  /**
   * Logs and counts a failure; returns 'blocked' when this one banned the address (answer
   * 403; from now on the address is dropped), 'repeat' when it repeats a failed `attempt`
   * (answer 403, not counted), else 'counted'.
   */
  fail(ip: string, user: string, reason: SecurityReason, now = this.options.clock(), attempt?: string): 'counted' | 'blocked' | 'repeat' {
    if (attempt !== undefined && this.isRepeat(`${ip}\n${user}\n${attempt}`, now)) {
      this.event(ip, user, reason, { repeat: 'same attempt, not counted' });
      return 'repeat';
    }
    this.event(ip, user, reason);
    const o = this.options;
    const fast = this.fast.add(ip, now);
    const slow = this.slow.add(ip, now);
    const attacked = user !== '' && this.accounts.add(user, now) >= o.accountMaxFailures;
    if (attacked) this.alert(user, now);
    if (fast < o.maxFailures && slow < o.slowMaxFailures && !attacked) return 'counted';
    this.fast.clear(ip);
    this.slow.clear(ip);
    const why = attacked ? 'account-under-attack' : fast >= o.maxFailures ? 'fast' : 'slow';
    if (this.blocked.size >= maxTrackedKeys) this.pruneBlocked(now);
    this.blocked.set(ip, { address: ip, since: now, until: now + o.blockSec * 1000, reason: `sip-auth-failures (${why})`, user });
    this.event(ip, user, 'blocked', { failures: String(Math.max(fast, slow)), blockSec: String(o.blockSec), window: why });
    // The engine forgets, unanswered, what a discarded source still has pending: the 403 for
    // the failure that banned it goes out first, then the engine starts dropping the source.
    setTimeout(() => this.push(ip, o.blockSec * 1000, `sip-auth-failures (${why})`), discardAfterMs).unref();
    return 'blocked';
  }

  /** Whether this failure repeats an attempt whose first failure was counted moments ago. */
  private isRepeat(key: string, now: number): boolean {
    const o = this.options;
    const seen = this.attempts.get(key);
    if (seen && now - seen.first < o.attemptBurstSec * 1000 && seen.repeats < o.attemptRetries) {
      seen.repeats++;
      return true;
    }
    if (this.attempts.size >= maxTrackedKeys) this.pruneAttempts(now);
    this.attempts.set(key, { first: now, repeats: 0 });
    return false;
  }

  private pruneAttempts(now: number): void {
    for (const [key, a] of this.attempts) if (now - a.first >= this.options.attemptBurstSec * 1000) this.attempts.delete(key);
    if (this.attempts.size >= maxTrackedKeys) this.attempts.clear();
  }

  /** One alert per account window, however many addresses keep trying. */
  private alert(user: string, now: number): void {
    const last = this.alerted.get(user);
    if (last !== undefined && now - last < this.options.accountWindowSec * 1000) return;
    if (this.alerted.size >= maxTrackedKeys) this.alerted.clear();
    this.alerted.set(user, now);
    this.event('', user, 'account-under-attack', {
      failures: String(this.accounts.count(user, now)), windowSec: String(this.options.accountWindowSec),
    });
  }

  private push(ip: string, ms: number, reason: string): void {
    if (!this.sink) return;
    try {
      this.sink.discard(ip, Math.ceil(ms / 1000), reason);
    } catch (err) {
      // The guard's own block still holds; the engine just keeps answering nothing via the app.
      this.logger.error({ err, ip }, 'could not add a ban to the engine discard list');
    }
  }

  private pruneBlocked(now: number): void {
    for (const [ip, b] of this.blocked) if (b.until <= now) this.blocked.delete(ip);
  }
}
