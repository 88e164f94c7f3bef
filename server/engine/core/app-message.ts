// Messages written by apps: srf sends a start line and only the headers the app set, names
// often lower-case, Content-Length counted in UTF-16 units. This parses them leniently and
// applies the engine's rules: headers the app may not set are dropped, `@localhost` becomes
// our address, and a body gets a Content-Type.
import { SipRequest, SipResponse, type SipMessage } from '../sip/message.js';
import { headerKey, tokenRe } from '../sip/headers.js';

/** Headers the engine owns (drachtio's m_setImmutableHdrs). */
const immutable = new Set(['via', 'route', 'record-route', 'rseq', 'content-length']);

export class AppMessageError extends Error {}

export function parseAppMessage(text: string): SipMessage {
  const sep = text.indexOf('\r\n\r\n');
  const head = sep === -1 ? text : text.slice(0, sep);
  const body = sep === -1 ? '' : text.slice(sep + 4);
  const lines = head.split('\r\n');
  const first = lines.shift() ?? '';
  let msg: SipMessage;
  const status = /^SIP\/2\.0 (\d{3})(?: (.*))?$/.exec(first);
  if (status) msg = new SipResponse(Number(status[1]), status[2] ?? '');
  else {
    const req = /^([A-Za-z]+) (\S+) SIP\/2\.0$/.exec(first);
    if (!req) throw new AppMessageError(`malformed start line: ${first.slice(0, 60)}`);
    msg = new SipRequest((req[1] ?? '').toUpperCase(), req[2] ?? '');
  }
  for (const line of lines) {
    if (!line) continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    // drachtio drops (and logs) headers that are not one line with a token name.
    if (!tokenRe.test(name)) continue;
    const key = headerKey(name);
    if (immutable.has(key)) continue;
    msg.headers.push({ key, value: line.slice(colon + 1).trim() });
  }
  msg.body = body;
  return msg;
}

/** Replaces the host of `…@localhost` URIs in From, To, Contact and P-Asserted-Identity. */
export function replaceLocalhost(msg: SipMessage, hostport: string): void {
  for (const h of msg.headers) {
    if (h.key === 'from' || h.key === 'to' || h.key === 'contact' || h.key === 'p-asserted-identity') {
      h.value = h.value.replace(/@localhost(?=[>;:\s]|$)/gi, `@${hostport}`);
    }
  }
}

/** Adds Content-Type for an SDP body; a body of another kind must say what it is. */
export function ensureContentType(msg: SipMessage): void {
  if (!msg.body || msg.has('content-type')) return;
  if (msg.body.startsWith('v=0')) msg.add('content-type', 'application/sdp');
  else throw new AppMessageError('missing content-type');
}
