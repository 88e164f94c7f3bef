// drachtio-server's command line, as far as the engine honours it. Flags override the
// config file; `--noconfig` skips it. The admin secret comes from --secret, the config file or
// DRACHTIO_SECRET, in that order; with none, the caller generates one (never `cymru`).
import { readFileSync } from 'node:fs';
import { ConfigError, parseContactSpec, type EngineOptions } from './config.js';
import { optionsFromXml } from './conf-xml.js';
import type { LogLevel, SipContact } from './config.types.js';

const usage = `usage: engine [-f drachtio.conf.xml] [--contact sip:host:port;transport=udp,tcp]...
  [--address admin-address] [--port admin-port] [--secret secret] [--loglevel error|warn|info|debug]
  [--stdout] [--noconfig] [--external-ip ip] [--local-net cidr]... [--cdrs]
  [--options-auto-respond unrouted|always|off] [--user-agent-options-auto-respond user-agent]`;

export function parseArgs(argv: string[], warn: (m: string) => void, env: NodeJS.ProcessEnv = process.env): EngineOptions {
  const flags = new Map<string, string[]>();
  const bool = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const name = a === '-f' ? 'file' : a.replace(/^--?/, '');
    if (['stdout', 'noconfig', 'cdrs', 'help', 'h'].includes(name)) {
      bool.add(name);
      continue;
    }
    if (!['file', 'contact', 'address', 'port', 'secret', 'loglevel', 'external-ip', 'local-net', 'daemon', 'options-auto-respond', 'user-agent-options-auto-respond'].includes(name)) {
      throw new ConfigError(`unknown option ${a}\n${usage}`);
    }
    const value = argv[++i];
    if (value === undefined) throw new ConfigError(`${a} needs a value\n${usage}`);
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  if (bool.has('help') || bool.has('h')) throw new ConfigError(usage);
  const file = flags.get('file')?.[0];
  const opts: EngineOptions = file && !bool.has('noconfig') ? optionsFromXml(readFileSync(file, 'utf8'), warn) : {};
  const externalIp = flags.get('external-ip')?.[0];
  const contacts: SipContact[] = (flags.get('contact') ?? []).flatMap((c) => parseContactSpec(c, externalIp));
  if (contacts.length) opts.contacts = contacts;
  else if (externalIp && opts.contacts) opts.contacts = opts.contacts.map((c) => ({ ...c, externalIp }));
  const admin = { ...opts.admin };
  const address = flags.get('address')?.[0];
  const port = flags.get('port')?.[0];
  const secret = flags.get('secret')?.[0];
  if (address) admin.address = address;
  if (port) admin.port = Number(port);
  if (secret) admin.secret = secret;
  else if (!admin.secret && env.DRACHTIO_SECRET) admin.secret = env.DRACHTIO_SECRET;
  opts.admin = admin;
  const level = flags.get('loglevel')?.[0];
  if (level) {
    if (!['error', 'warn', 'info', 'debug'].includes(level)) throw new ConfigError(`--loglevel must be error, warn, info or debug`);
    opts.logLevel = level as LogLevel;
  }
  if (bool.has('stdout')) opts.stdout = true;
  if (bool.has('cdrs')) opts.cdrs = true;
  const optionsMode = flags.get('options-auto-respond')?.[0];
  if (optionsMode) opts.optionsAutoRespond = optionsMode as EngineOptions['optionsAutoRespond'];
  const optionsUa = flags.get('user-agent-options-auto-respond')?.[0];
  if (optionsUa) opts.optionsAutoRespondUserAgent = optionsUa;
  const localNet = flags.get('local-net');
  if (localNet) opts.localNet = localNet;
  return opts;
}
