// Header names: compact forms (RFC 3261 §7.3.3 and later RFCs) expand to full names, names
// compare case-insensitively, and go on the wire in their conventional capitalisation.

const compact: Record<string, string> = {
  i: 'call-id', m: 'contact', e: 'content-encoding', l: 'content-length', c: 'content-type',
  f: 'from', s: 'subject', k: 'supported', t: 'to', v: 'via', o: 'event', r: 'refer-to',
  b: 'referred-by', u: 'allow-events', x: 'session-expires', a: 'accept-contact',
  j: 'reject-contact', d: 'request-disposition', y: 'identity', n: 'identity-info',
};

const display: Record<string, string> = {
  'call-id': 'Call-ID', cseq: 'CSeq', 'www-authenticate': 'WWW-Authenticate', rseq: 'RSeq',
  rack: 'RAck', 'mime-version': 'MIME-Version', 'p-asserted-identity': 'P-Asserted-Identity',
  'p-preferred-identity': 'P-Preferred-Identity', 'sip-etag': 'SIP-ETag', 'sip-if-match': 'SIP-If-Match',
  'min-se': 'Min-SE',
};

/** Headers whose value may be a comma-separated list of elements (RFC 3261 §7.3.1). */
export const listHeaders = new Set(['via', 'route', 'record-route', 'contact', 'path']);

/** The full lower-case name of a header as received (compact forms expanded). */
export function headerKey(name: string): string {
  const lower = name.toLowerCase();
  return compact[lower] ?? lower;
}

/** The conventional wire spelling of a header name: Call-ID, CSeq, X-Custom-Thing. */
export function headerDisplayName(key: string): string {
  const known = display[key];
  if (known) return known;
  let out = '';
  let upper = true;
  for (const ch of key) {
    out += upper ? ch.toUpperCase() : ch;
    upper = ch === '-';
  }
  return out;
}

/** RFC 3261 token characters, which a header name must consist of. */
export const tokenRe = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/**
 * Splits a list header value on commas that are outside quotes and angle brackets, so that
 * `<sip:a;x=1,2>` or `"Smith, J" <sip:j@x>` stay whole.
 */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let depthAngle = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '<') depthAngle++;
    else if (ch === '>') depthAngle = Math.max(0, depthAngle - 1);
    else if (ch === ',' && depthAngle === 0) {
      const part = value.slice(start, i).trim();
      if (part) out.push(part);
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last) out.push(last);
  return out;
}
