// HTTP digest as SIP uses it (RFC 3261 §22, RFC 2617, RFC 8760): parsing the Authorization
// header, building a challenge, and computing the response a phone must send from the HA1
// we store. Pure functions; nonces and replay live in nonce-store.ts.
import { createHash, timingSafeEqual } from 'node:crypto';

export type DigestAlgorithm = 'MD5' | 'SHA-256';
const algorithms: Record<string, { hash: 'md5' | 'sha256'; base: DigestAlgorithm; session: boolean }> = {
  'md5': { hash: 'md5', base: 'MD5', session: false },
  'md5-sess': { hash: 'md5', base: 'MD5', session: true },
  'sha-256': { hash: 'sha256', base: 'SHA-256', session: false },
  'sha-256-sess': { hash: 'sha256', base: 'SHA-256', session: true },
};

/** The fields of a Digest Authorization header; absent optional ones are undefined. */
export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
  opaque?: string;
}

export class DigestParseError extends Error {}

/** Parses `Digest k=v, k="v", …`; throws DigestParseError naming what is wrong. */
export function parseDigestAuthorization(header: string): DigestCredentials {
  const m = /^\s*Digest\s+/i.exec(header);
  if (!m) throw new DigestParseError('not a Digest authorization');
  const params = parseParams(header.slice(m[0].length));
  const need = (name: string): string => {
    const v = params.get(name);
    if (v === undefined || v === '') throw new DigestParseError(`missing ${name}`);
    return v;
  };
  const creds: DigestCredentials = {
    username: need('username'), realm: need('realm'), nonce: need('nonce'), uri: need('uri'), response: need('response'),
    algorithm: params.get('algorithm') ?? 'MD5',
  };
  for (const k of ['qop', 'nc', 'cnonce', 'opaque'] as const) {
    const v = params.get(k);
    if (v !== undefined) creds[k] = v;
  }
  if (!/^[0-9a-f]+$/i.test(creds.response)) throw new DigestParseError('response is not hex');
  if (creds.qop !== undefined) {
    if (creds.qop.toLowerCase() !== 'auth') throw new DigestParseError(`unsupported qop ${creds.qop}`);
    if (!creds.nc || !/^[0-9a-f]{8}$/i.test(creds.nc) || !creds.cnonce) throw new DigestParseError('qop=auth needs nc (8 hex digits) and cnonce');
  }
  if (!algorithms[creds.algorithm.toLowerCase()]) throw new DigestParseError(`unsupported algorithm ${creds.algorithm}`);
  return creds;
}

/** Comma-separated `name=value` pairs; values may be quoted strings with backslash escapes. */
function parseParams(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /[\s,]/.test(text.charAt(i))) i++;
    const eq = text.indexOf('=', i);
    if (eq === -1) break;
    const name = text.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (text.charAt(i) === ' ') i++;
    let value = '';
    if (text.charAt(i) === '"') {
      i++;
      while (i < text.length && text.charAt(i) !== '"') {
        if (text.charAt(i) === '\\') i++;
        value += text.charAt(i++);
      }
      if (text.charAt(i) !== '"') throw new DigestParseError(`unterminated quoted value for ${name}`);
      i++;
    } else {
      const end = text.indexOf(',', i);
      value = (end === -1 ? text.slice(i) : text.slice(i, end)).trim();
      i = end === -1 ? text.length : end;
    }
    if (!/^[a-z0-9-]+$/.test(name)) throw new DigestParseError(`bad parameter name '${name}'`);
    out.set(name, value);
  }
  return out;
}

/** Which of our two stored HA1s an algorithm needs. */
export function baseAlgorithm(algorithm: string): DigestAlgorithm | undefined {
  return algorithms[algorithm.toLowerCase()]?.base;
}

/** The response a phone holding `ha1` must send for this request (RFC 2617 §3.2.2.1). */
export function expectedResponse(creds: DigestCredentials, ha1: string, method: string): string {
  const alg = algorithms[creds.algorithm.toLowerCase()];
  if (!alg) throw new DigestParseError(`unsupported algorithm ${creds.algorithm}`);
  const h = (s: string): string => createHash(alg.hash).update(s).digest('hex');
  const a1 = alg.session ? h(`${ha1}:${creds.nonce}:${creds.cnonce ?? ''}`) : ha1;
  const ha2 = h(`${method}:${creds.uri}`);
  return creds.qop ? h(`${a1}:${creds.nonce}:${creds.nc}:${creds.cnonce}:${creds.qop}:${ha2}`) : h(`${a1}:${creds.nonce}:${ha2}`);
}

/** Constant-time comparison of two hex responses. */
export function responsesMatch(got: string, want: string): boolean {
  const a = Buffer.from(got.toLowerCase());
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `WWW-Authenticate` value for a fresh nonce. */
export function challengeHeader(realm: string, nonce: string, algorithm: DigestAlgorithm, stale: boolean): string {
  return `Digest realm="${realm}", nonce="${nonce}", algorithm=${algorithm}, qop="auth"${stale ? ', stale=true' : ''}`;
}
