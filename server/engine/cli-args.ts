// drachtio-server's command line and DRACHTIO_* environment, as the engine honours them.
// Precedence is drachtio's: a flag wins over its environment variable, and both win over the
// config file (`-f`, or DRACHTIO_CONFIG_FILE_PATH; `--noconfig` skips it). Flags and variables
// of drachtio-server the engine does not implement are warned about once and ignored, never
// fatal (drachtio-flags.ts lists them). With no secret anywhere, the caller generates one.
import { readFileSync } from 'node:fs';
import { ConfigError, parseContactSpec, type EngineOptions } from './config.js';
import { optionsFromXml } from './conf-xml.js';
import { drachtioLogLevel, honouredEnv, honouredFlags, ignoredEnv, ignoredFlags, shortFlags } from './drachtio-flags.js';
import type { SipContact } from './config.types.js';

export const usage = `usage: engine [-f drachtio.conf.xml] [--contact sip:host:port;transport=udp,tcp [--external-ip ip]]...
  [--address admin-address] [--port admin-port] [--secret secret] [--loglevel error|warning|notice|info|debug]
  [--stdout] [--noconfig] [--local-net cidr]... [--key-file pem --cert-file pem] [--mtu bytes] [--cdrs]
  [--options-auto-respond unrouted|always|off] [--user-agent-options-auto-respond user-agent] [--version]
  (the other drachtio-server flags are accepted and ignored, with a warning)`;

interface Flag { name: string; value?: string }

export function parseArgs(argv: string[], warn: (m: string) => void, env: NodeJS.ProcessEnv = process.env): EngineOptions {
  const warned = new Set<string>();
  const warnOnce = (key: string, msg: string): void => {
    if (warned.has(key)) return;
    warned.add(key);
    warn(msg);
  };
  const flags = [...envFlags(env, warnOnce), ...argvFlags(argv, warnOnce)];
  const last = (name: string): string | undefined => flags.filter((f) => f.name === name).pop()?.value;
  if (flags.some((f) => f.name === 'help')) throw new ConfigError(usage);

  const file = last('file');
  const noconfig = flags.some((f) => f.name === 'noconfig');
  const opts: EngineOptions = file && !noconfig ? optionsFromXml(readFileSync(file, 'utf8'), warn) : {};
  const contacts = cliContacts(flags);
  if (contacts.length) opts.contacts = contacts;
  else {
    // drachtio ties --external-ip to the --contact before it; with contacts from the config, to all of them.
    const externalIp = last('external-ip');
    if (externalIp && opts.contacts) opts.contacts = opts.contacts.map((c) => ({ ...c, externalIp }));
  }
  const admin = { ...opts.admin };
  const address = last('address');
  const port = last('port');
  const secret = last('secret');
  if (address) admin.address = address;
  if (port) admin.port = Number(port);
  if (secret) admin.secret = secret;
  opts.admin = admin;
  const level = last('loglevel');
  if (level) {
    const mapped = drachtioLogLevel(level);
    if (!mapped) throw new ConfigError(`--loglevel must be error, warning, notice, info or debug, got '${level}'`);
    opts.logLevel = mapped;
  }
  if (flags.some((f) => f.name === 'stdout')) opts.stdout = true;
  if (flags.some((f) => f.name === 'cdrs')) opts.cdrs = true;
  const mtu = last('mtu');
  if (mtu) {
    const n = Number(mtu);
    if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`--mtu must be a positive number of bytes, got '${mtu}'`);
    // As <udp-mtu>: a datagram is never refused below the UDP maximum.
    opts.maxMessageSize = Math.max(65535, n);
  }
  const keyFile = last('key-file');
  const certFile = last('cert-file');
  if (keyFile || certFile) {
    if (!keyFile || !certFile) throw new ConfigError('--key-file and --cert-file go together');
    opts.tls = { ...opts.tls, key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  }
  const optionsMode = last('options-auto-respond');
  if (optionsMode) opts.optionsAutoRespond = optionsMode as EngineOptions['optionsAutoRespond'];
  const optionsUa = last('user-agent-options-auto-respond');
  if (optionsUa) opts.optionsAutoRespondUserAgent = optionsUa;
  const localNet = flags.filter((f) => f.name === 'local-net').map((f) => f.value ?? '');
  if (localNet.length) opts.localNet = localNet;
  return opts;
}

/** True when the command line asks for the version only (`-v`, `--version`). */
export function wantsVersion(argv: string[]): boolean {
  return argv.includes('-v') || argv.includes('--version');
}

/** DRACHTIO_* variables as flags, placed before the command line's so those win. */
function envFlags(env: NodeJS.ProcessEnv, warnOnce: (key: string, msg: string) => void): Flag[] {
  const out: Flag[] = [];
  for (const [name, flag] of Object.entries(honouredEnv)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (flag === 'stdout') {
      if (value === '1') out.push({ name: flag });
    } else if (flag === 'loglevel') {
      // drachtio ignores a level it does not know in the environment (a flag is checked).
      if (drachtioLogLevel(value)) out.push({ name: flag, value });
      else warnOnce(name, `engine: ${name}='${value}' is not a log level; ignored`);
    } else out.push({ name: flag, value });
  }
  for (const name of ignoredEnv) {
    if (env[name] !== undefined) warnOnce(name, `engine: ${name} is not supported by this engine and is ignored`);
  }
  return out;
}

/** The command line, getopt-style: `--name value`, `--name=value`, `-x value`; unknown flags warn. */
function argvFlags(argv: string[], warnOnce: (key: string, msg: string) => void): Flag[] {
  const out: Flag[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const long = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    const short = /^-([A-Za-z])$/.exec(arg);
    const name = long ? (long[1] ?? '') : short ? (shortFlags[short[1] ?? ''] ?? `-${short[1] ?? ''}`) : undefined;
    if (name === undefined) {
      warnOnce(arg, `engine: argument '${arg}' is not an option and is ignored`);
      continue;
    }
    const honoured = honouredFlags[name];
    const ignored = ignoredFlags[name];
    const takesValue = honoured ?? ignored?.value;
    if (takesValue === undefined) {
      warnOnce(name, `engine: unknown option '${arg}' is ignored`);
      continue;
    }
    let value = long?.[2];
    if (takesValue && value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new ConfigError(`${arg} needs a value\n${usage}`);
    }
    if (ignored) {
      warnOnce(name, `engine: option --${name} is accepted for drachtio-server compatibility and ignored (${ignored.why})`);
      continue;
    }
    out.push(value === undefined ? { name } : { name, value });
  }
  return out;
}

/** --contact values in order, each with the --external-ip that follows it (drachtio's pairing). */
function cliContacts(flags: Flag[]): SipContact[] {
  const contacts: SipContact[][] = [];
  for (const f of flags) {
    if (f.name === 'contact') contacts.push(parseContactSpec(f.value ?? ''));
    else if (f.name === 'external-ip' && contacts.length) {
      const i = contacts.length - 1;
      contacts[i] = (contacts[i] ?? []).map((c) => ({ ...c, externalIp: f.value ?? '' }));
    }
  }
  return contacts.flat();
}
