// Slows password guessing at the login endpoint on two axes (rate-limiter-flexible, in memory):
// - per address: 20 failed logins in 10 minutes, whatever the usernames, so one source cannot
//   spray a password over many accounts;
// - per account: 10 failed logins in 15 minutes, from whatever addresses, so many sources
//   cannot guess one account's password. The price: a stranger can keep an account's
//   sign-in throttled by failing on purpose; it stays usable again 15 minutes after they stop.
// A success clears the account's count, never the address's (an attacker holding one valid
// login must not reset their own budget). One node's view; a restart forgets it.
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';

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
  private readonly byAddress: RateLimiterMemory;
  private readonly byAccount: RateLimiterMemory;

  constructor(private readonly limits: LoginLimits = defaultLoginLimits) {
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'login-address', points: limits.perAddress.failures, duration: limits.perAddress.windowSeconds });
    this.byAccount = new RateLimiterMemory({ keyPrefix: 'login-account', points: limits.perAccount.failures, duration: limits.perAccount.windowSeconds });
  }

  /** May this address try this username now? */
  async check(address: string, username: string): Promise<ThrottleVerdict> {
    const [a, u] = await Promise.all([this.byAddress.get(address), this.byAccount.get(accountKey(username))]);
    const wait = (res: RateLimiterRes | null, max: number) => (res && res.consumedPoints >= max ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0);
    const addressWait = wait(a, this.limits.perAddress.failures);
    const accountWait = wait(u, this.limits.perAccount.failures);
    if (addressWait === 0 && accountWait === 0) return { allowed: true };
    return addressWait >= accountWait
      ? { allowed: false, retryAfterSeconds: addressWait, limit: 'address' }
      : { allowed: false, retryAfterSeconds: accountWait, limit: 'account' };
  }

  async failed(address: string, username: string): Promise<void> {
    await Promise.all([this.byAddress.penalty(address, 1), this.byAccount.penalty(accountKey(username), 1)]);
  }

  async succeeded(username: string): Promise<void> {
    await this.byAccount.delete(accountKey(username));
  }
}

/** Usernames are matched case-sensitively by the database; count guesses case-insensitively. */
function accountKey(username: string): string {
  return username.toLowerCase();
}
