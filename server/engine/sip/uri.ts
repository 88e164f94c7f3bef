// SIP URIs and name-addr values (RFC 3261 §19.1, §20.10): just the parts a UA core needs —
// user, host, port, parameters, and the tag and expires parameters of From/To/Contact.
import { isIPv6 } from 'node:net';

export interface SipUri {
  scheme: string;
  user?: string;
  host: string;
  port?: number;
  params: Map<string, string | null>;
}

/** Parses `sip:user@host:port;params?headers` (headers are ignored). Returns null if not a SIP-like URI. */
export function parseUri(text: string): SipUri | null {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(?:([^@;?]+)@)?(\[[0-9a-fA-F:.]+\]|[^:;?>]+)(?::(\d{1,5}))?((?:;[^?]*)?)(?:\?.*)?$/.exec(text.trim());
  if (!m) return null;
  const params = new Map<string, string | null>();
  for (const p of (m[5] ?? '').split(';').slice(1)) {
    if (!p) continue;
    const eq = p.indexOf('=');
    if (eq === -1) params.set(p.toLowerCase(), null);
    else params.set(p.slice(0, eq).toLowerCase(), p.slice(eq + 1));
  }
  const user = m[2]?.split(':')[0];
  return {
    scheme: (m[1] ?? 'sip').toLowerCase(),
    ...(user !== undefined ? { user } : {}),
    host: (m[3] ?? '').toLowerCase(),
    ...(m[4] ? { port: Number(m[4]) } : {}),
    params,
  };
}

export interface NameAddr {
  /** Everything up to and including the URI's closing bracket (or the bare URI). */
  addr: string;
  uri: string;
  params: Map<string, string | null>;
}

/** Parses a From/To/Contact/Route element: `"Name" <uri>;p=v` or `uri;p=v` (addr-spec form). */
export function parseNameAddr(value: string): NameAddr | null {
  const v = value.trim();
  let addr: string;
  let uri: string;
  let rest: string;
  const lt = indexOutsideQuotes(v, '<');
  if (lt === -2) return null;
  if (lt !== -1) {
    const gt = v.indexOf('>', lt);
    if (gt === -1) return null;
    addr = v.slice(0, gt + 1);
    uri = v.slice(lt + 1, gt);
    rest = v.slice(gt + 1);
  } else {
    // In addr-spec form the parameters after the URI belong to the header, not the URI.
    const semi = v.indexOf(';');
    addr = semi === -1 ? v : v.slice(0, semi);
    uri = addr;
    rest = semi === -1 ? '' : v.slice(semi);
  }
  const params = new Map<string, string | null>();
  for (const p of rest.split(';')) {
    const t = p.trim();
    if (!t) continue;
    const eq = t.indexOf('=');
    if (eq === -1) params.set(t.toLowerCase(), null);
    else params.set(t.slice(0, eq).trim().toLowerCase(), t.slice(eq + 1).trim());
  }
  return { addr, uri: uri.trim(), params };
}

function indexOutsideQuotes(s: string, ch: string): number {
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) return i;
  }
  return quoted ? -2 : -1;
}

/** The tag parameter of a From or To value. */
export function getTag(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const na = parseNameAddr(value);
  const tag = na?.params.get('tag');
  return tag ?? undefined;
}

/** Adds a tag parameter to a From or To value that has none. */
export function withTag(value: string, tag: string): string {
  if (getTag(value)) return value;
  const na = parseNameAddr(value);
  // addr-spec form with parameters must be bracketed so the tag is not read as a URI param.
  if (na && !value.includes('<') && na.params.size > 0) return `<${na.uri}>${value.slice(na.addr.length)};tag=${tag}`;
  return `${value};tag=${tag}`;
}

/** The URI inside a name-addr value, or the value itself. */
export function uriOf(value: string): string {
  return parseNameAddr(value)?.uri ?? value.trim();
}

export function formatHostPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

const hostnameRe = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?\.)*[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?\.?$/;

/**
 * A SIP or SIPS URI a request can be sent to (RFC 3261 §19.1.1): a host that is a hostname,
 * an IPv4 address or a bracketed IPv6 address, a port in 1..65535, nothing that would break
 * a request line. Returns null for anything else — such a URI can never be routed.
 */
export function routableSipUri(text: string): SipUri | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x3c || c === 0x3e || c === 0x22) return null; // controls, space, < > "
  }
  const uri = parseUri(text);
  if (!uri || (uri.scheme !== 'sip' && uri.scheme !== 'sips')) return null;
  if (uri.port !== undefined && (uri.port < 1 || uri.port > 65535)) return null;
  const bracketed = /^\[(.*)\]$/.exec(uri.host);
  if (bracketed ? !isIPv6(bracketed[1] ?? '') : !hostnameRe.test(uri.host)) return null;
  return uri;
}
