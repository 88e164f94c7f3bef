// SIP message parser (RFC 3261 §7, §25): tolerant of what the grammar allows (compact and
// case-varied names, folded lines, LWS around colons, bare LF line ends) and strict about
// what a stack must not guess (start line, CSeq, Content-Length). A failure throws
// SipParseError; when the request line and headers were readable it carries the partial
// request so the caller can still answer 400.
import { SipRequest, SipResponse, type SipMessage } from './message.js';
import { headerKey, tokenRe } from './headers.js';
import { parseVia } from './via.js';
import { parseNameAddr, parseUri } from './uri.js';

export class SipParseError extends Error {
  constructor(message: string, readonly partial?: SipRequest, readonly status: 400 | 505 = 400) {
    super(message);
    this.name = 'SipParseError';
  }
}

const methodRe = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const maxHeaders = 256;

/** Index of the blank line that ends the header block, and the length of that separator. */
export function findHeaderEnd(buf: Buffer, from = 0): { at: number; sepLen: number } | null {
  for (let i = from; i < buf.length - 1; i++) {
    if (buf[i] !== 0x0a) continue;
    if (buf[i + 1] === 0x0a) return { at: i, sepLen: 2 };
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) return { at: i, sepLen: 3 };
  }
  return null;
}

/** Parses one whole message. `datagram` messages may omit Content-Length (RFC 3261 §18.3). */
export function parseMessage(buf: Buffer, datagram: boolean): SipMessage {
  const end = findHeaderEnd(buf);
  // A message with headers but no blank line (some UDP senders) has no body.
  const headEnd = end ? end.at : buf.length;
  const bodyStart = end ? end.at + end.sepLen : buf.length;
  const head = buf.toString('utf8', 0, headEnd);
  const lines = unfold(head.split(/\r?\n/));
  const first = lines.shift();
  if (!first) throw new SipParseError('empty message');
  const { msg, problem } = parseStartLine(first);
  const partial = msg instanceof SipRequest ? msg : undefined;
  if (lines.length > maxHeaders) throw new SipParseError('too many headers', partial);
  for (const line of lines) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new SipParseError(`malformed header line: ${line.slice(0, 40)}`, partial);
    const name = line.slice(0, colon).trimEnd();
    if (!tokenRe.test(name)) throw new SipParseError(`malformed header name: ${name.slice(0, 40)}`, partial);
    msg.headers.push({ key: headerKey(name), value: line.slice(colon + 1).trim() });
  }
  // Headers are read first so that a bad request line can still be answered (RFC 4475 §3.1.2).
  if (problem) throw new SipParseError(problem.message, partial, problem.status);
  validate(msg, partial);
  const lengthValue = msg.get('content-length');
  if (lengthValue === undefined) {
    if (!datagram && bodyStart < buf.length) throw new SipParseError('missing Content-Length on a stream', partial);
    msg.body = buf.toString('utf8', bodyStart);
  } else {
    if (!/^\d{1,9}$/.test(lengthValue)) throw new SipParseError('malformed Content-Length', partial);
    const length = Number(lengthValue);
    if (bodyStart + length > buf.length) throw new SipParseError('Content-Length larger than the message', partial);
    msg.body = buf.toString('utf8', bodyStart, bodyStart + length);
  }
  return msg;
}

/** Joins folded continuation lines (leading SP/HTAB) onto the previous line. */
function unfold(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && out.length > 1) {
      out[out.length - 1] += ' ' + line.trim();
    } else out.push(line);
  }
  return out;
}

function parseStartLine(line: string): { msg: SipMessage; problem?: { message: string; status: 400 | 505 } } {
  if (line.startsWith('SIP/')) {
    const m = /^SIP\/2\.0 +(\d{3}) *(.*)$/i.exec(line);
    if (!m) throw new SipParseError('malformed status line');
    const status = Number(m[1]);
    if (status < 100 || status > 699) throw new SipParseError('status code out of range');
    return { msg: new SipResponse(status, m[2] ?? '') };
  }
  const parts = line.split(/ +/);
  const [method = '', uri = '', version = ''] = parts;
  if (parts.length !== 3 || !methodRe.test(method) || !/^SIP\/\d+\.\d+$/i.test(version)) throw new SipParseError('malformed request line');
  const msg = new SipRequest(method, uri);
  if (version.toUpperCase() !== 'SIP/2.0') return { msg, problem: { message: `unsupported version ${version.slice(0, 20)}`, status: 505 } };
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]+$/.test(uri)) return { msg, problem: { message: 'malformed Request-URI', status: 400 } };
  return { msg };
}

/** The headers every message needs before a transaction can be matched (RFC 3261 §8.1.1). */
function validate(msg: SipMessage, partial: SipRequest | undefined): void {
  for (const name of ['via', 'call-id', 'from', 'to', 'cseq']) {
    if (!msg.has(name)) throw new SipParseError(`missing ${name} header`, partial);
  }
  const cseq = /^(\d{1,10})\s+([A-Za-z0-9\-.!%*_+`'~]+)$/.exec(msg.get('cseq') ?? '');
  if (!cseq || Number(cseq[1]) > 2 ** 31 - 1) throw new SipParseError('malformed CSeq', partial);
  if (msg instanceof SipRequest && cseq[2] !== msg.method) {
    throw new SipParseError('CSeq method does not match the request method', partial);
  }
  if (!parseVia(msg.getAll('via')[0] ?? '')) throw new SipParseError('malformed Via', partial);
  for (const name of ['from', 'to']) {
    const na = parseNameAddr(msg.get(name) ?? '');
    if (!na || !parseUri(na.uri)) throw new SipParseError(`malformed ${name} header`, partial);
  }
  const mf = msg.get('max-forwards');
  if (mf !== undefined && !/^\d{1,3}$/.test(mf)) throw new SipParseError('malformed Max-Forwards', partial);
}
