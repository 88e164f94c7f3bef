// A bare SIP-over-UDP peer bound to a chosen loopback address (127.0.0.1 for the legitimate
// party, 127.0.0.5 and up for attackers: all of 127/8 is loopback on Linux), with request
// builders, a waiter for matching answers, a counter of everything received, and a paced
// sender for floods. For the engine's defence tests.
import { once } from 'node:events';
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';

export const sdp = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

export interface RequestOptions {
  callId?: string;
  cseq?: number;
  toTag?: string;
  fromTag?: string;
  body?: string;
  user?: string;
  expires?: number;
  /** Further header lines, as written (`Require: 100rel`). */
  extra?: string[];
}

export class RawSipPeer {
  /** Every datagram received since the peer opened. */
  received = 0;
  /** Hears every datagram with its arrival time. */
  onMessage?: (message: string, at: number) => void;
  private inbox: string[] = [];
  private waiters: { re: RegExp; resolve: (m: string) => void }[] = [];

  private constructor(private readonly socket: Socket, readonly address: string, readonly port: number, private readonly enginePort: number) {
    socket.on('message', (b) => {
      this.received++;
      const m = b.toString();
      this.onMessage?.(m, Date.now());
      const w = this.waiters.findIndex((x) => x.re.test(m));
      if (w >= 0) this.waiters.splice(w, 1)[0]?.resolve(m);
      else if (this.inbox.length < 1000) this.inbox.push(m);
    });
  }

  static async open(t: TestContext, address: string, enginePort: number): Promise<RawSipPeer> {
    const socket = createSocket('udp4');
    socket.bind(0, address);
    await once(socket, 'listening');
    t.after(() => socket.close());
    return new RawSipPeer(socket, address, socket.address().port, enginePort);
  }

  /** A request from this peer to the engine; without `callId`, a fresh one. */
  request(method: string, o: RequestOptions = {}): string {
    const body = o.body ?? '';
    const user = o.user ?? 'peer';
    const callId = o.callId ?? randomBytes(8).toString('hex');
    return [
      `${method} sip:${method === 'REGISTER' ? '' : 'svc@'}127.0.0.1:${this.enginePort} SIP/2.0`,
      `Via: SIP/2.0/UDP ${this.address}:${this.port};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`,
      'Max-Forwards: 70',
      `From: <sip:${user}@${this.address}>;tag=${o.fromTag ?? randomBytes(4).toString('hex')}`,
      `To: <sip:${method === 'REGISTER' ? user : 'svc'}@127.0.0.1>${o.toTag ? `;tag=${o.toTag}` : ''}`,
      `Call-ID: ${callId}`,
      `CSeq: ${o.cseq ?? 1} ${method}`,
      `Contact: <sip:${user}@${this.address}:${this.port}>`,
      ...(method === 'REGISTER' ? [`Expires: ${o.expires ?? 300}`] : []),
      ...(o.extra ?? []),
      ...(body ? ['Content-Type: application/sdp'] : []),
      `Content-Length: ${Buffer.byteLength(body)}`, '', body,
    ].join('\r\n');
  }

  send(text: string): void {
    this.socket.send(text, this.enginePort, '127.0.0.1');
  }

  /** Next message matching `re` (already received ones count). */
  next(re: RegExp, ms = 5000): Promise<string> {
    const i = this.inbox.findIndex((m) => re.test(m));
    if (i >= 0) return Promise.resolve(this.inbox.splice(i, 1)[0] ?? '');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.address}: no message matching ${re} within ${ms} ms`)), ms);
      this.waiters.push({ re, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  }

  /** Sends `make()` at `perSecond` for `seconds` (in 10 ms ticks); resolves with the count sent. */
  flood(perSecond: number, seconds: number, make: (i: number) => string): Promise<number> {
    return new Promise((resolve) => {
      const start = Date.now();
      let sent = 0;
      const tick = setInterval(() => {
        const elapsed = Date.now() - start;
        if (elapsed >= seconds * 1000) {
          clearInterval(tick);
          resolve(sent);
          return;
        }
        const due = Math.floor((elapsed / 1000) * perSecond);
        while (sent < due) this.send(make(sent++));
      }, 10);
    });
  }
}

export const header = (msg: string, name: string): string => new RegExp(`^${name}:\\s*(.*)$`, 'mi').exec(msg)?.[1]?.trim() ?? '';

/** The p-th percentile (0–100) of `values`. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
