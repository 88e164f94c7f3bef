// The SIP message model: a start line, an ordered header list that keeps what was received,
// and a body. Requests and responses share the header API.
import { headerKey, listHeaders, splitList, headerDisplayName } from './headers.js';

export interface SipHeader {
  /** Full lower-case name (compact forms expanded). */
  key: string;
  value: string;
}

abstract class SipMessageBase {
  headers: SipHeader[] = [];
  body = '';

  /** First value of a header (for list headers: the whole first line, not split). */
  get(name: string): string | undefined {
    const key = headerKey(name);
    for (const h of this.headers) if (h.key === key) return h.value;
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Every value of a header; list headers are split into their elements. */
  getAll(name: string): string[] {
    const key = headerKey(name);
    const out: string[] = [];
    for (const h of this.headers) {
      if (h.key !== key) continue;
      if (listHeaders.has(key)) out.push(...splitList(h.value));
      else out.push(h.value);
    }
    return out;
  }

  /** Replaces every occurrence of a header with one value, keeping the first one's position. */
  set(name: string, value: string): void {
    const key = headerKey(name);
    const at = this.headers.findIndex((h) => h.key === key);
    this.headers = this.headers.filter((h) => h.key !== key);
    this.headers.splice(at === -1 ? this.headers.length : at, 0, { key, value });
  }

  add(name: string, value: string): void {
    this.headers.push({ key: headerKey(name), value });
  }

  prepend(name: string, value: string): void {
    this.headers.unshift({ key: headerKey(name), value });
  }

  remove(name: string): void {
    const key = headerKey(name);
    this.headers = this.headers.filter((h) => h.key !== key);
  }

  get callId(): string {
    return this.get('call-id') ?? '';
  }

  /** CSeq as number and method; callers rely on the parser having validated it. */
  get cseq(): { seq: number; method: string } {
    const [seq = '0', method = ''] = (this.get('cseq') ?? '').trim().split(/\s+/);
    return { seq: Number(seq), method: method.toUpperCase() };
  }

  protected abstract startLine(): string;

  /** Wire form. Content-Length is always recomputed in bytes from the body. */
  toString(): string {
    let out = this.startLine() + '\r\n';
    for (const h of this.headers) {
      if (h.key === 'content-length') continue;
      out += `${headerDisplayName(h.key)}: ${h.value}\r\n`;
    }
    out += `Content-Length: ${Buffer.byteLength(this.body)}\r\n\r\n`;
    return out + this.body;
  }
}

export class SipRequest extends SipMessageBase {
  readonly kind = 'request';
  constructor(public method: string, public uri: string) {
    super();
  }
  protected startLine(): string {
    return `${this.method} ${this.uri} SIP/2.0`;
  }
}

export class SipResponse extends SipMessageBase {
  readonly kind = 'response';
  constructor(public status: number, public reason: string) {
    super();
  }
  protected startLine(): string {
    return `SIP/2.0 ${this.status} ${this.reason}`;
  }
}

export type SipMessage = SipRequest | SipResponse;
