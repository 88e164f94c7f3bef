// The bans an admin can see and lift (GET/DELETE /api/security/blocks): the SIP guard's
// (failed digest authentications) and the engine's own discard list (flood bans, and the
// guard's bans as the engine executes them), merged per address. Lifting one clears it in
// both, so the address can register again at once.
import { isIP } from 'node:net';
import type { SecurityGuard } from './security-guard.js';
import type { DiscardEntry } from '../engine/defence/source-discard.js';

/** The engine's side, when the built-in engine runs (absent with an external drachtio-server). */
export interface EngineDiscards {
  discardList(): Promise<DiscardEntry[]>;
}

export interface SecurityBlock {
  /** The blocked address; also the block's id in the API. */
  id: string;
  kind: 'address';
  address: string;
  /** What banned it: the SIP guard (authentication failures, scanner) or the engine (flood). */
  source: 'sip-guard' | 'sip-engine';
  reason: string;
  /** The last user name tried, when the guard knows it. */
  user: string | null;
  /** When the ban started; null for an engine ban (the engine keeps only its end). */
  since: string | null;
  until: string;
}

export class SecurityBlocks {
  constructor(private readonly guard: SecurityGuard, private readonly engine?: EngineDiscards) {}

  async list(): Promise<SecurityBlock[]> {
    const out = new Map<string, SecurityBlock>();
    for (const b of this.guard.blocks()) {
      out.set(b.address, { id: b.address, kind: 'address', address: b.address, source: 'sip-guard', reason: b.reason, user: b.user || null, since: new Date(b.since).toISOString(), until: new Date(b.until).toISOString() });
    }
    for (const e of (await this.engine?.discardList()) ?? []) {
      if (out.has(e.address) || e.until <= Date.now()) continue;
      out.set(e.address, { id: e.address, kind: 'address', address: e.address, source: 'sip-engine', reason: e.reason, user: null, since: null, until: new Date(e.until).toISOString() });
    }
    return [...out.values()];
  }

  /** Lifts the ban on `address` everywhere; false when none was in force. Throws a TypeError on a non-address. */
  async lift(address: string, by: string): Promise<boolean> {
    if (isIP(address) === 0) throw new TypeError(`not an IP address: ${address}`);
    const listed = (await this.list()).some((b) => b.address === address);
    // The guard passes the lift on to the engine (its discard sink), flood bans included.
    this.guard.lift(address, by);
    return listed;
  }
}
