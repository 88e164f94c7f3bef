// Options of the registrar (installRegistrar) and what it hands back to the app.
import type Srf from 'drachtio-srf';
import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Repositories } from '../db/index.js';
import type { DigestAlgorithm } from './digest.js';
import type { SecurityGuard, SecurityGuardOptions } from './security-guard.js';
import type { DigestAuthenticator } from './digest-auth.js';
import type { KeepaliveOptions } from './contact-keepalive.js';

/** A request handler or middleware as srf.use takes it. */
export type SrfMiddleware = Parameters<Srf['use']>[1];

export interface RegistrarOptions {
  repos: Pick<Repositories, 'agents' | 'registrations' | 'sipCredentials'>;
  logger: Logger;
  /** Digest realm; agents' HA1s are computed under it (createRepositories' sipRealm). */
  realm: string;
  /** Key for nonces; give every app node the same one so any node accepts another's nonce. */
  nonceSecret?: Buffer;
  /**
   * Seconds a nonce stays valid (default a day): a phone reuses it with a rising nonce count on
   * every refresh (one round trip, no new challenge); a replayed count is refused whatever the
   * lifetime (nonce-store.ts), so a long one costs only the memory of the counts.
   */
  nonceTtlSec?: number;
  /** Algorithm of the first challenge (default MD5: sip.js and most desk phones know no other). */
  algorithm?: DigestAlgorithm;
  /** Bounds on a binding's lifetime in seconds (defaults 60, 3600, 3600). */
  minExpires?: number;
  maxExpires?: number;
  defaultExpires?: number;
  /** Milliseconds between sweeps of expired bindings (default 30 000). */
  sweepIntervalMs?: number;
  guard?: Partial<SecurityGuardOptions>;
  /**
   * OPTIONS pings to TCP/TLS/WS/WSS contacts that find dropped connections (default every 15 s, 5 s timeout),
   * and, at the same interval, to NAT'd UDP contacts to keep their NAT mapping open (nat-keepalive.ts); false: both off.
   */
  keepalive?: Partial<KeepaliveOptions> | false;
}

/** Why an AOR's last binding went. */
export type BindingsGoneCause = 'unregister' | 'expired' | 'unreachable';

export interface RegistrarEvents {
  /** The AOR has no live contact left (emitted after the database says so). */
  'bindings-gone': [{ aor: string; username: string; cause: BindingsGoneCause }];
}

export interface Registrar {
  guard: SecurityGuard;
  authenticator: DigestAuthenticator;
  /**
   * srf middleware applying the guard to any request: drops blocked sources, refuses scanner
   * user agents (REGISTER gets this screening anyway). `srf.use(registrar.screen)` before the
   * other handlers to screen INVITE, OPTIONS, etc. too.
   */
  screen: SrfMiddleware;
  /** `sip:<user>@<realm>`, the key registrations are stored under. */
  aorOf(user: string): string;
  events: EventEmitter<RegistrarEvents>;
  /** Removes one contact found dead elsewhere (a call leg that could not be sent); emits bindings-gone if it was the last. */
  unbindDead(aor: string, contact: string, why: string): Promise<void>;
  /** Stops the sweeper and the keepalive (the srf handler stays installed until srf disconnects). */
  close(): void;
}
