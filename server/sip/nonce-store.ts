// Digest nonces: self-validating (timestamp, random, HMAC) so any app node sharing the secret
// accepts them and a forged or tampered nonce is recognised without any lookup; plus the
// memory of which nonce counts were already used, so a captured response can not be
// replayed. Only nonces that authenticated a request are remembered, for their lifetime.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type NonceCheck = 'valid' | 'stale' | 'invalid';

export interface NonceStoreOptions {
  /** HMAC key; random per process when omitted (nonces then only work on this node). */
  secret?: Buffer;
  /** Seconds a nonce may be used. */
  ttlSec: number;
  /** Upper bound on remembered nonces; the oldest are forgotten first. */
  maxTracked?: number;
}

const macBytes = 16;

export class NonceStore {
  private readonly secret: Buffer;
  private readonly ttlMs: number;
  private readonly maxTracked: number;
  /** nonce → highest nonce count used (0 when used without qop) and when it expires. */
  private readonly used = new Map<string, { nc: number; expires: number }>();

  constructor(opts: NonceStoreOptions) {
    this.secret = opts.secret ?? randomBytes(32);
    this.ttlMs = opts.ttlSec * 1000;
    this.maxTracked = opts.maxTracked ?? 200_000;
  }

  issue(now = Date.now()): string {
    const body = Buffer.alloc(16);
    body.writeBigUInt64BE(BigInt(now), 0);
    randomBytes(8).copy(body, 8);
    return Buffer.concat([body, this.mac(body)]).toString('base64url');
  }

  /** Whether we issued this nonce and it is still within its lifetime. */
  check(nonce: string, now = Date.now()): NonceCheck {
    const raw = Buffer.from(nonce, 'base64url');
    if (raw.length !== 16 + macBytes || raw.toString('base64url') !== nonce) return 'invalid';
    const body = raw.subarray(0, 16);
    if (!timingSafeEqual(raw.subarray(16), this.mac(body))) return 'invalid';
    const issued = Number(body.readBigUInt64BE(0));
    return issued + this.ttlMs >= now && issued <= now + 1000 ? 'valid' : 'stale';
  }

  /**
   * Records the use of a valid nonce with a nonce count (RFC 2617 nc; undefined without qop).
   * False when it was already used with this or a higher count: a replay.
   */
  use(nonce: string, nc: number | undefined, now = Date.now()): boolean {
    const seen = this.used.get(nonce);
    const count = nc ?? 0;
    if (seen && (nc === undefined || count <= seen.nc)) return false;
    if (!seen && this.used.size >= this.maxTracked) this.sweep(now, true);
    const issued = Number(Buffer.from(nonce, 'base64url').readBigUInt64BE(0));
    this.used.set(nonce, { nc: count, expires: issued + this.ttlMs });
    return true;
  }

  /** Forgets expired nonces (and, when `force`, the oldest tenth if none had expired). */
  sweep(now = Date.now(), force = false): void {
    const before = this.used.size;
    for (const [k, v] of this.used) if (v.expires < now) this.used.delete(k);
    if (force && this.used.size === before) {
      let drop = Math.ceil(before / 10);
      for (const k of this.used.keys()) {
        if (drop-- <= 0) break;
        this.used.delete(k);
      }
    }
  }

  get tracked(): number {
    return this.used.size;
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(body).digest().subarray(0, macBytes);
  }
}
