// Brute-force and scanner defence for SIP requests from phones. Failed authentications are
// counted per source address in a sliding window; the one that reaches the limit is answered
// 403 and the address is then ignored (no answer, no database work) for the block period.
// Known scanner user agents are rejected outright.
//
// Every event is one pino line at warn level with `security: "sip"`, the source IP, the user
// and a reason, e.g.
//   {"level":40,...,"security":"sip","ip":"203.0.113.9","user":"1001","reason":"wrong-password","msg":"sip security event"}
// A fail2ban filter for it: failregex = ^.*"security":"sip","ip":"<HOST>".*$
import type { Logger } from 'pino';

export type SecurityReason =
  | 'wrong-password' | 'unknown-user' | 'bad-credentials' | 'user-mismatch' | 'nonce-replay'
  | 'scanner-user-agent' | 'blocked';

export interface SecurityGuardOptions {
  /** Failures from one address within `windowSec` that trigger a block. */
  maxFailures: number;
  windowSec: number;
  blockSec: number;
  /** Lower-case substrings of User-Agent values that mark a scanner. */
  scannerUserAgents: string[];
}

export const defaultScannerUserAgents = [
  'friendly-scanner', 'sipvicious', 'sip-scan', 'sipscan', 'sipcli', 'sundayddr', 'iwar', 'vaxsipuseragent',
  'pplsip', 'smap', 'nmap', 'sipptk', 'voipbuster', 'avgvoip', 'eyebeam sipvicious',
];

export const defaultGuardOptions: SecurityGuardOptions = {
  maxFailures: 5, windowSec: 60, blockSec: 600, scannerUserAgents: defaultScannerUserAgents,
};

/** Bound on tracked addresses, so a spoofed-source flood can not grow memory without end. */
const maxTrackedAddresses = 100_000;

export class SecurityGuard {
  private readonly failures = new Map<string, number[]>();
  private readonly blocked = new Map<string, number>();
  readonly options: SecurityGuardOptions;

  constructor(private readonly logger: Logger, options: Partial<SecurityGuardOptions> = {}) {
    this.options = { ...defaultGuardOptions, ...options };
  }

  /** True while requests from `ip` are to be dropped. */
  isBlocked(ip: string, now = Date.now()): boolean {
    const until = this.blocked.get(ip);
    if (until === undefined) return false;
    if (until > now) return true;
    this.blocked.delete(ip);
    return false;
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
   * Logs and counts a failure; returns 'blocked' when this one reached the limit (answer 403;
   * from now on the address is dropped), else 'counted'.
   */
  fail(ip: string, user: string, reason: SecurityReason, now = Date.now()): 'counted' | 'blocked' {
    this.event(ip, user, reason);
    const windowStart = now - this.options.windowSec * 1000;
    const times = (this.failures.get(ip) ?? []).filter((t) => t > windowStart);
    times.push(now);
    if (times.length < this.options.maxFailures) {
      if (!this.failures.has(ip) && this.failures.size >= maxTrackedAddresses) this.prune(windowStart);
      this.failures.set(ip, times);
      return 'counted';
    }
    this.failures.delete(ip);
    if (this.blocked.size >= maxTrackedAddresses) this.prune(windowStart);
    this.blocked.set(ip, now + this.options.blockSec * 1000);
    this.event(ip, user, 'blocked', { failures: String(times.length), blockSec: String(this.options.blockSec) });
    return 'blocked';
  }

  private prune(windowStart: number): void {
    for (const [ip, times] of this.failures) if ((times[times.length - 1] ?? 0) <= windowStart) this.failures.delete(ip);
    const now = Date.now();
    for (const [ip, until] of this.blocked) if (until <= now) this.blocked.delete(ip);
  }
}
