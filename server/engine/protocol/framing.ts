// drachtio wire framing: `<utf-8 byte length>#<payload>`, frames back to back with no
// delimiter. A malformed length prefix is a protocol error that ends the connection.

export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrame: number) {}

  /** Adds bytes; returns complete payloads, or throws on a malformed prefix or oversize frame. */
  push(chunk: Buffer): string[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: string[] = [];
    for (;;) {
      const hash = this.buf.indexOf(0x23);
      if (hash === -1) {
        if (this.buf.length > 10 || !/^\d*$/.test(this.buf.toString('latin1'))) throw new Error('malformed frame length');
        return out;
      }
      const prefix = this.buf.toString('latin1', 0, hash);
      if (!/^\d{1,10}$/.test(prefix)) throw new Error('malformed frame length');
      const length = Number(prefix);
      if (length > this.maxFrame) throw new Error('frame too large');
      if (this.buf.length < hash + 1 + length) return out;
      out.push(this.buf.toString('utf8', hash + 1, hash + 1 + length));
      this.buf = this.buf.subarray(hash + 1 + length);
    }
  }
}

export function encodeFrame(payload: string): string {
  return `${Buffer.byteLength(payload)}#${payload}`;
}

/** Splits a payload into its `|` tokens and the SIP text after the first CRLF. */
export function splitPayload(payload: string): { tokens: string[]; sip: string } {
  const crlf = payload.indexOf('\r\n');
  const leader = crlf === -1 ? payload : payload.slice(0, crlf);
  return { tokens: leader.split('|'), sip: crlf === -1 ? '' : payload.slice(crlf + 2) };
}
