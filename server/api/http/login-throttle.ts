// Slows password guessing at the login endpoint on two axes (rate-limiter-flexible, in memory):
// - per address: 20 failed logins in 10 minutes, whatever the usernames, so one source cannot
//   spray a password over many accounts;
// - per account: 10 failed logins in 15 minutes, from whatever addresses, so many sources
//   cannot guess one account's password. The price: a stranger can keep an account's
//   sign-in throttled by failing on purpose; it stays usable again 15 minutes after they stop.
// Each attempt is counted before the password is checked and given back on success, so
// parallel guesses are limited too. A success clears the account's count but not the
// address's earlier failures (an attacker holding one valid login must not reset their own
// budget).
// On a Postgres server the counts live in the database (table login_throttle, migration 0021),
// so every node of a site counts the same guesses and a restart forgets none; a node that
// cannot reach the table counts in memory meanwhile (the insurance limiter) rather than let
// guesses through or lock everyone out. On embedded PGlite (one node) they live in memory.
import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LoginLimits {
  perAddress: { failures: number; windowSeconds: number };
  perAccount: { failures: number; windowSeconds: number };
}

export const defaultLoginLimits: LoginLimits = {
  perAddress: { failures: 20, windowSeconds: 600 },
  perAccount: { failures: 10, windowSeconds: 900 },
};

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; limit: 'address' | 'account' };

export class LoginThrottle {
  private readonly byAddress: RateLimiterAbstract;
  private readonly byAccount: RateLimiterAbstract;

  /** `shared`: the Postgres pool the counts are kept in (every node the same); absent: this process's memory. */
  constructor(limits: LoginLimits = defaultLoginLimits, shared?: pg.Pool) {
    const limiter = (keyPrefix: string, l: { failures: number; windowSeconds: number }): RateLimiterAbstract => {
      const opts = { keyPrefix, points: l.failures, duration: l.windowSeconds };
      if (!shared) return new RateLimiterMemory(opts);
      return new RateLimiterPostgres({ ...opts, storeClient: shared, storeType: 'pool', tableName: 'login_throttle', tableCreated: true, clearExpiredByTimeout: false, insuranceLimiter: new RateLimiterMemory(opts) });
    };
    this.byAddress = limiter('login-address', limits.perAddress);
    this.byAccount = limiter('login-account', limits.perAccount);
  }

  /**
   * Counts this attempt against both limits before the password is checked — so that many
   * attempts in parallel cannot all pass a check made before any of them failed — and says
   * whether it may go on. A success gives the attempt back (succeeded).
   */
  async attempt(address: string, username: string): Promise<ThrottleVerdict> {
    try {
      await this.byAddress.consume(address);
    } catch (res) {
      return refused(res, 'address');
    }
    try {
      await this.byAccount.consume(accountKey(username));
    } catch (res) {
      await this.byAddress.reward(address, 1);
      return refused(res, 'account');
    }
    return { allowed: true };
  }

  /** The attempt was right: it does not count for the address, and the account starts afresh. */
  async succeeded(address: string, username: string): Promise<void> {
    await Promise.all([this.byAddress.reward(address, 1), this.byAccount.delete(accountKey(username))]);
  }
}

/** consume() rejects with the limiter's state when the limit is reached (or with an error). */
function refused(res: unknown, limit: 'address' | 'account'): ThrottleVerdict {
  if (!(res instanceof RateLimiterRes)) throw res instanceof Error ? res : new Error(String(res));
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)), limit };
}

/** Usernames are matched case-sensitively by the database; count guesses case-insensitively. */
function accountKey(username: string): string {
  return username.toLowerCase();
}
