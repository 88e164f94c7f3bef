// Digest authentication of a request against an agent's stored HA1 (we never hold the SIP
// password). Decides between: accept, challenge (401, with a fresh nonce), and forbid (403,
// the failure that tripped the security guard). Failures are logged and counted by the guard;
// a missing, stale or foreign-node nonce is not a failure, only a new challenge.
import type { SipCredentials } from '../db/index.js';
import { baseAlgorithm, challengeHeader, DigestParseError, expectedResponse, parseDigestAuthorization, responsesMatch, type DigestAlgorithm } from './digest.js';
import type { NonceStore } from './nonce-store.js';
import type { SecurityGuard, SecurityReason } from './security-guard.js';

export interface AuthRequest {
  method: string;
  /** Request-URI as received; the digest `uri` must equal it. */
  uri: string;
  /** The Authorization (or Proxy-Authorization) header value, if any. */
  authorization: string | undefined;
  sourceAddress: string;
  /** The request's Call-ID: failures of one attempt (its retries on fresh nonces) count once. */
  callId?: string;
}

export type AuthResult =
  | { kind: 'ok'; credentials: SipCredentials }
  | { kind: 'challenge'; wwwAuthenticate: string }
  | { kind: 'forbidden'; reason: SecurityReason };

export interface DigestAuthOptions {
  realm: string;
  lookup(username: string): Promise<SipCredentials | undefined>;
  nonces: NonceStore;
  guard: SecurityGuard;
  /** Algorithm of the first challenge; a phone that answered with SHA-256 before gets SHA-256. */
  algorithm: DigestAlgorithm;
}

export class DigestAuthenticator {
  constructor(private readonly opts: DigestAuthOptions) {}

  async authenticate(req: AuthRequest): Promise<AuthResult> {
    if (!req.authorization) return this.challenge(this.opts.algorithm, false);
    let creds;
    try {
      creds = parseDigestAuthorization(req.authorization);
    } catch (err) {
      if (!(err instanceof DigestParseError)) throw err;
      return this.failure(req, '', 'bad-credentials', this.opts.algorithm);
    }
    const algorithm = baseAlgorithm(creds.algorithm) ?? this.opts.algorithm;
    const nonce = this.opts.nonces.check(creds.nonce);
    // An expired nonce, or one from before a restart (other secret), deserves a new one, not a strike.
    if (nonce !== 'valid' || creds.realm !== this.opts.realm) {
      if (nonce === 'valid') return this.failure(req, creds.username, 'bad-credentials', algorithm);
      return this.challenge(algorithm, true);
    }
    const stored = await this.opts.lookup(creds.username);
    if (!stored) return this.failure(req, creds.username, 'unknown-user', algorithm);
    if (creds.uri !== req.uri) return this.failure(req, creds.username, 'bad-credentials', algorithm);
    const ha1 = algorithm === 'SHA-256' ? stored.ha1Sha256 : stored.ha1Md5;
    if (stored.realm !== this.opts.realm || !responsesMatch(creds.response, expectedResponse(creds, ha1, req.method))) {
      return this.failure(req, creds.username, 'wrong-password', algorithm);
    }
    if (!this.opts.nonces.use(creds.nonce, creds.nc === undefined ? undefined : parseInt(creds.nc, 16))) {
      this.opts.guard.event(req.sourceAddress, creds.username, 'nonce-replay');
      return this.challenge(algorithm, true);
    }
    return { kind: 'ok', credentials: stored };
  }

  private challenge(algorithm: DigestAlgorithm, stale: boolean): AuthResult {
    return { kind: 'challenge', wwwAuthenticate: challengeHeader(this.opts.realm, this.opts.nonces.issue(), algorithm, stale) };
  }

  private failure(req: AuthRequest, user: string, reason: SecurityReason, algorithm: DigestAlgorithm): AuthResult {
    // A ban, or a repeat of an attempt that already failed (a phone retrying a wrong password on
    // each fresh nonce): 403 ends it; a first failure gets a new challenge, as RFC 3261 asks.
    if (this.opts.guard.fail(req.sourceAddress, user, reason, undefined, req.callId) !== 'counted') return { kind: 'forbidden', reason };
    return this.challenge(algorithm, false);
  }
}
