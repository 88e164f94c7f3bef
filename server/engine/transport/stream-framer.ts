// Frames SIP messages out of a byte stream by Content-Length (RFC 3261 §18.3). Double CRLF
// between messages is a keepalive ping (RFC 5626 §3.5.1) and is reported so it can be ponged.
import { findHeaderEnd } from '../sip/parser.js';

export type Frame = { kind: 'message'; data: Buffer } | { kind: 'ping' } | { kind: 'error'; reason: string };

const contentLengthRe = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)/im;

export class StreamFramer {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly maxMessageSize: number) {}

  /** Adds bytes; returns every complete frame now available. An error frame ends the stream. */
  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      let skip = 0;
      while (skip < this.buf.length && (this.buf[skip] === 0x0d || this.buf[skip] === 0x0a)) skip++;
      if (skip > 0) {
        if (skip >= 4) frames.push({ kind: 'ping' });
        this.buf = this.buf.subarray(skip);
      }
      if (this.buf.length === 0) return frames;
      const end = findHeaderEnd(this.buf);
      if (!end) {
        if (this.buf.length > this.maxMessageSize) return [...frames, { kind: 'error', reason: 'header block too large' }];
        return frames;
      }
      const head = this.buf.toString('latin1', 0, end.at);
      const m = contentLengthRe.exec(head);
      const bodyLength = m ? Number(m[1]) : 0;
      const total = end.at + end.sepLen + bodyLength;
      if (total > this.maxMessageSize) return [...frames, { kind: 'error', reason: 'message too large' }];
      if (this.buf.length < total) return frames;
      frames.push({ kind: 'message', data: Buffer.from(this.buf.subarray(0, total)) });
      this.buf = this.buf.subarray(total);
    }
  }
}
