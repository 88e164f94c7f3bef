// Engine configuration: defaults, merging of partial settings, and validation with clear
// messages (a bad setting stops start-up with the reason, never a crash later).
import { BlockList, isIP } from 'node:net';
import { randomBytes } from 'node:crypto';
import { defaultMaxConnections } from './defence/connection-budget.js';
import { addCidr } from './defence/trusted-sources.js';
import type { EngineConfig, SipContact, SipTransportName } from './config.types.js';

export type EngineOptions = Partial<Omit<EngineConfig, 'timers' | 'admin' | 'limits' | 'rateLimit'>> & {
  timers?: Partial<EngineConfig['timers']>;
  limits?: Partial<EngineConfig['limits']>;
  rateLimit?: Partial<EngineConfig['rateLimit']>;
  admin?: Partial<EngineConfig['admin']>;
};

export class ConfigError extends Error {}

const transports: SipTransportName[] = ['udp', 'tcp', 'tls', 'ws', 'wss'];
const optionsModes: EngineConfig['optionsAutoRespond'][] = ['unrouted', 'always', 'off'];
const refreshers: EngineConfig['sessionTimerDefaultRefresher'][] = ['none', 'uac', 'uas'];

/**
 * A fresh random admin secret: drachtio's well-known default (`cymru`) is never assumed; a
 * caller that wants it says so.
 */
export function generatedSecret(): string {
  return randomBytes(18).toString('base64url');
}

export function engineConfig(opts: EngineOptions): EngineConfig {
  const pendingRequests = opts.limits?.pendingRequests ?? 4000;
  const config: EngineConfig = {
    contacts: opts.contacts ?? [{ transport: 'udp', host: '127.0.0.1', port: 5060 }, { transport: 'tcp', host: '127.0.0.1', port: 5060 }],
    admin: { address: '127.0.0.1', port: 9022, ...opts.admin, secret: opts.admin?.secret ?? generatedSecret() },
    cdrs: opts.cdrs ?? false,
    spammers: opts.spammers ?? [],
    timers: { t1: 500, t2: 4000, t4: 5000, ...opts.timers },
    logLevel: opts.logLevel ?? 'info',
    stdout: opts.stdout ?? false,
    localNet: opts.localNet ?? [],
    maxMessageSize: opts.maxMessageSize ?? 65535,
    limits: {
      connectionsPerIp: 200, idleTimeoutSec: 300, pendingRequests, pendingPerSource: Math.ceil(pendingRequests / 10),
      handshakeTimeoutSec: 5, firstMessageTimeoutSec: 30, maxConnections: defaultMaxConnections(), ...opts.limits,
    },
    rateLimit: { windowSec: 2, maxPerSec: 100, banSec: 300, ...opts.rateLimit },
    wsAllowedOrigins: (opts.wsAllowedOrigins ?? []).map(normalizeOrigin),
    optionsAutoRespond: opts.optionsAutoRespond ?? 'unrouted',
    sessionTimerDefaultRefresher: opts.sessionTimerDefaultRefresher ?? 'none',
    ...(opts.optionsAutoRespondUserAgent ? { optionsAutoRespondUserAgent: opts.optionsAutoRespondUserAgent } : {}),
    ...(opts.tls ? { tls: opts.tls } : {}),
  };
  validate(config);
  return config;
}

function validate(c: EngineConfig): void {
  if (c.contacts.length === 0) throw new ConfigError('at least one SIP contact is required');
  for (const contact of c.contacts) validateContact(contact);
  validPort(c.admin.port, 'admin port');
  if (!c.admin.secret) throw new ConfigError('admin secret must not be empty');
  for (const [name, v] of Object.entries(c.timers)) {
    if (!Number.isFinite(v) || v <= 0 || v > 600000) throw new ConfigError(`timer ${name} must be a positive number of milliseconds`);
  }
  if (c.contacts.some((x) => x.transport === 'tls' || x.transport === 'wss') && !c.tls) throw new ConfigError('tls and wss contacts need a TLS key and certificate');
  for (const [name, v] of Object.entries(c.limits)) {
    if (!Number.isFinite(v) || v <= 0) throw new ConfigError(`limits.${name} must be a positive number, got ${v}`);
  }
  const r = c.rateLimit;
  if (!(r.windowSec > 0 && r.windowSec <= 60) || !(r.maxPerSec >= 0) || !(r.banSec > 0 && r.banSec <= 86400 * 365)) {
    throw new ConfigError('rateLimit needs windowSec 0–60, maxPerSec ≥ 0 (0 = off) and banSec > 0');
  }
  const nets = new BlockList();
  for (const cidr of c.localNet) {
    try {
      addCidr(nets, cidr);
    } catch {
      throw new ConfigError(`local-net must be a CIDR like 10.0.0.0/8, got '${cidr}'`);
    }
  }
  if (!optionsModes.includes(c.optionsAutoRespond)) throw new ConfigError(`options-auto-respond must be ${optionsModes.join(', ')}, got '${String(c.optionsAutoRespond)}'`);
  if (!refreshers.includes(c.sessionTimerDefaultRefresher)) throw new ConfigError(`session-timers default-refresher must be ${refreshers.join(', ')}, got '${String(c.sessionTimerDefaultRefresher)}'`);
  if (c.maxMessageSize < 1024 || c.maxMessageSize > 1 << 24) throw new ConfigError('maxMessageSize must be between 1 KiB and 16 MiB');
}

/** `HTTPS://Host:443/` → `https://host`: origins compare in RFC 6454 serialized form. */
export function normalizeOrigin(origin: string): string {
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    throw new ConfigError(`wsAllowedOrigins: not an origin: '${origin}'`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(`wsAllowedOrigins: origin must be http(s): '${origin}'`);
  return u.origin;
}

function validateContact(c: SipContact): void {
  if (!transports.includes(c.transport)) throw new ConfigError(`unknown transport '${c.transport}'`);
  if (!isIP(c.host) && c.host !== 'localhost') throw new ConfigError(`contact host must be an IP address: '${c.host}'`);
  validPort(c.port, `${c.transport} port`, true);
}

function validPort(p: number, what: string, allowZero = true): void {
  if (!Number.isInteger(p) || p < (allowZero ? 0 : 1) || p > 65535) throw new ConfigError(`${what} must be 0–65535, got ${p}`);
}

/**
 * Parses a drachtio contact: `sip:host:port;transport=udp,tcp` → one contact per transport.
 * `sip:*` and `sip:[::]` bind every address (drachtio's default contact is `sip:*`).
 */
export function parseContactSpec(spec: string, externalIp?: string): SipContact[] {
  const m = /^sips?:(\[[^\]]+\]|[^:;]+)(?::(\d+))?(?:;transport=([a-z,]+))?/i.exec(spec.trim());
  if (!m) throw new ConfigError(`can not parse contact '${spec}'`);
  const host = m[1] === '*' ? '0.0.0.0' : (m[1] ?? '').replace(/^\[|\]$/g, '');
  const names = (m[3] ?? 'udp').toLowerCase().split(',').filter(Boolean);
  return names.map((t) => {
    if (!transports.includes(t as SipTransportName)) throw new ConfigError(`unknown transport '${t}' in contact '${spec}'`);
    const transport = t as SipTransportName;
    const port = m[2] ? Number(m[2]) : transport === 'tls' || transport === 'wss' ? 5061 : 5060;
    return { transport, host, port, ...(externalIp ? { externalIp } : {}) };
  });
}
