// Engine configuration: defaults, merging of partial settings, and validation with clear
// messages (a bad setting stops start-up with the reason, never a crash later).
import { isIP } from 'node:net';
import type { EngineConfig, SipContact, SipTransportName } from './config.types.js';

export type EngineOptions = Partial<Omit<EngineConfig, 'timers' | 'admin' | 'limits'>> & {
  timers?: Partial<EngineConfig['timers']>;
  limits?: Partial<EngineConfig['limits']>;
  admin?: Partial<EngineConfig['admin']>;
};

export class ConfigError extends Error {}

const transports: SipTransportName[] = ['udp', 'tcp', 'tls', 'ws', 'wss'];

export function engineConfig(opts: EngineOptions): EngineConfig {
  const config: EngineConfig = {
    contacts: opts.contacts ?? [{ transport: 'udp', host: '127.0.0.1', port: 5060 }, { transport: 'tcp', host: '127.0.0.1', port: 5060 }],
    admin: { address: '127.0.0.1', port: 9022, secret: 'cymru', ...opts.admin },
    cdrs: opts.cdrs ?? false,
    spammers: opts.spammers ?? [],
    timers: { t1: 500, t2: 4000, t4: 5000, ...opts.timers },
    logLevel: opts.logLevel ?? 'info',
    stdout: opts.stdout ?? false,
    localNet: opts.localNet ?? [],
    maxMessageSize: opts.maxMessageSize ?? 65535,
    limits: { connectionsPerIp: 200, idleTimeoutSec: 300, pendingRequests: 4000, ...opts.limits },
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
  if (c.limits.connectionsPerIp < 1 || c.limits.idleTimeoutSec < 1 || c.limits.pendingRequests < 1) throw new ConfigError('connection limits must be positive');
  if (c.maxMessageSize < 1024 || c.maxMessageSize > 1 << 24) throw new ConfigError('maxMessageSize must be between 1 KiB and 16 MiB');
}

function validateContact(c: SipContact): void {
  if (!transports.includes(c.transport)) throw new ConfigError(`unknown transport '${c.transport}'`);
  if (!isIP(c.host) && c.host !== 'localhost') throw new ConfigError(`contact host must be an IP address: '${c.host}'`);
  validPort(c.port, `${c.transport} port`, true);
}

function validPort(p: number, what: string, allowZero = true): void {
  if (!Number.isInteger(p) || p < (allowZero ? 0 : 1) || p > 65535) throw new ConfigError(`${what} must be 0–65535, got ${p}`);
}

/** Parses a drachtio contact: `sip:host:port;transport=udp,tcp` → one contact per transport. */
export function parseContactSpec(spec: string, externalIp?: string): SipContact[] {
  const m = /^sips?:(\[[^\]]+\]|[^:;]+)(?::(\d+))?(?:;transport=([a-z,]+))?/i.exec(spec.trim());
  if (!m) throw new ConfigError(`can not parse contact '${spec}'`);
  const host = (m[1] ?? '').replace(/^\[|\]$/g, '');
  const names = (m[3] ?? 'udp').toLowerCase().split(',').filter(Boolean);
  return names.map((t) => {
    if (!transports.includes(t as SipTransportName)) throw new ConfigError(`unknown transport '${t}' in contact '${spec}'`);
    const transport = t as SipTransportName;
    const port = m[2] ? Number(m[2]) : transport === 'tls' || transport === 'wss' ? 5061 : 5060;
    return { transport, host, port, ...(externalIp ? { externalIp } : {}) };
  });
}
