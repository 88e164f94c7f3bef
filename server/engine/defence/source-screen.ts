// The first thing every packet meets: is its source discarded (drop, no answer), and is it
// flooding (ban it: into the discard list for `banSec`, logged once as a security line)?
// Runs before any parsing, so a banned or flooding source costs a map lookup per packet.
//
// The ban line has the shape of the app's security guard lines, so one fail2ban filter
// (`"security":"sip","ip":"<HOST>"`) reads both:
//   … engine warn {"security":"sip","ip":"192.0.2.7","reason":"flood","rate":512,"banSec":300,"msg":"sip security event"}
import { EventEmitter } from 'node:events';
import type { Logger } from '../log.js';
import { DiscardList } from './discard-list.js';
import { FloodMeter, type FloodLimits } from './flood-meter.js';
import { TrustedSources } from './trusted-sources.js';
import { checkedAddress, normalizeAddress } from './source-address.js';
import { checkedDiscardSeconds, type DiscardEntry, type SourceDiscard } from './source-discard.js';

export interface RateLimitConfig extends FloodLimits {
  /** How long a flooding source stays in the discard list. */
  banSec: number;
}

export interface SourceScreenEvents {
  /** An address entered the discard list: its connections and pending requests must go. */
  discarded: [string];
}

export class SourceScreen extends EventEmitter<SourceScreenEvents> implements SourceDiscard {
  readonly discards = new DiscardList();
  readonly trusted: TrustedSources;
  private meter: FloodMeter;
  /** Packets dropped because their source was discarded. */
  droppedPackets = 0;

  constructor(private readonly rateLimit: RateLimitConfig, trustedCidrs: string[], private readonly log: Logger) {
    super();
    this.meter = new FloodMeter(rateLimit);
    this.trusted = new TrustedSources(trustedCidrs);
  }

  /** False when the packet must be dropped unseen. `isRequest`: it counts toward the flood limit. */
  admit(address: string, isRequest: boolean): boolean {
    const a = normalizeAddress(address);
    if (this.discards.has(a)) {
      this.droppedPackets++;
      return false;
    }
    if (!isRequest || this.trusted.has(a)) return true;
    const rate = this.meter.hit(a);
    if (rate === 0) return true;
    this.ban(a, rate);
    this.droppedPackets++;
    return false;
  }

  /** True when connections from `address` are to be refused at accept. */
  isDiscarded(address: string): boolean {
    return this.discards.has(normalizeAddress(address));
  }

  discard(address: string, seconds: number, reason: string): void {
    const a = checkedAddress(address);
    checkedDiscardSeconds(seconds);
    const why = String(reason).replace(/[^\x20-\x7e]/g, '?').slice(0, 64);
    this.discards.add(a, seconds, why);
    // The guard that asked logs its own security line; this one is for the engine's log only.
    this.log.info(`discarding ${a} for ${seconds}s: ${why}`);
    this.emit('discarded', a);
  }

  undiscard(address: string): void {
    const a = checkedAddress(address);
    this.meter.forget(a);
    if (this.discards.remove(a)) this.log.info(`no longer discarding ${a}`);
  }

  list(): DiscardEntry[] {
    return this.discards.list();
  }

  private ban(address: string, rate: number): void {
    this.meter.forget(address);
    this.discards.add(address, this.rateLimit.banSec, 'flood');
    this.log.warn(JSON.stringify({ security: 'sip', ip: address, reason: 'flood', rate, banSec: this.rateLimit.banSec, msg: 'sip security event' }));
    this.emit('discarded', address);
  }
}
