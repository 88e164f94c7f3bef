// A codec-agnostic RTP endpoint for codec tests: sends fixed payloads of one payload type every
// 20 ms (bytes chosen by the test, so a receiver can tell a relayed packet from a re-encoded
// one), sends RFC 4733 events on a given payload type, and keeps every packet it receives.
import { createSocket, type Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { buildRtp, parseRtp, type RtpPacket } from '../../../media/rtp.js';
import { audioSections } from '../../../media/sdp.js';

export interface Received extends RtpPacket {
  at: number;
}

const EVENT_CODES = '0123456789*#';

export class RawRtpEndpoint {
  readonly received: Received[] = [];
  readonly ssrc = randomInt(1, 2 ** 31);
  private remote: { address: string; port: number } | null = null;
  private timer: NodeJS.Timeout | undefined;
  private seq = randomInt(0, 60000);
  private ts = randomInt(0, 2 ** 31);
  private sent = 0;

  private constructor(private readonly socket: Socket, readonly port: number) {
    socket.on('message', (msg) => {
      const rtp = parseRtp(msg);
      if (rtp) this.received.push({ ...rtp, payload: Buffer.from(rtp.payload), at: Date.now() });
    });
  }

  static async open(): Promise<RawRtpEndpoint> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    return new RawRtpEndpoint(socket, socket.address().port);
  }

  /** An SDP at this endpoint's port: `m=audio <port> RTP/AVP <pts>` with the given attribute lines. */
  sdp(pts: number[], attributes: string[], sessionAttributes: string[] = []): string {
    return ['v=0', 'o=raw 1 1 IN IP4 127.0.0.1', 's=raw', 'c=IN IP4 127.0.0.1', 't=0 0', ...sessionAttributes,
      `m=audio ${this.port} RTP/AVP ${pts.join(' ')}`, ...attributes, 'a=ptime:20', 'a=sendrecv', ''].join('\r\n');
  }

  setRemote(sdp: string): void {
    const section = audioSections(sdp)[0];
    if (!section) throw new Error(`no audio in SDP:\n${sdp}`);
    this.remote = { address: section.address, port: section.port };
  }

  /** Sends `payload(n)` on `payloadType` every 20 ms (timestamp step `tsStep`) until stop(). */
  start(payloadType: number, payload: (n: number) => Buffer, tsStep = 160): void {
    const startedAt = Date.now();
    this.sent = 0;
    this.timer = setInterval(() => {
      const due = Math.floor((Date.now() - startedAt) / 20);
      while (this.sent < due) {
        this.send(buildRtp({ payloadType, sequence: this.seq++, timestamp: this.ts, ssrc: this.ssrc, payload: payload(this.sent++) }));
        this.ts += tsStep;
      }
    }, 5);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One RFC 4733 digit on `payloadType` (120 ms, three end packets), paced at 20 ms, clock `rate`. */
  async sendDigit(digit: string, payloadType: number, rate = 8000): Promise<void> {
    const code = EVENT_CODES.indexOf(digit);
    if (code < 0) throw new Error(`bad digit ${digit}`);
    const step = rate / 50;
    const startTs = this.ts;
    for (let s = 1; s <= 9; s++) {
      const end = s > 6;
      const dur = Math.min(s, 6) * step;
      this.send(buildRtp({ payloadType, marker: s === 1, sequence: this.seq++, timestamp: startTs, ssrc: this.ssrc, payload: Buffer.from([code, (end ? 0x80 : 0) | 10, dur >> 8, dur & 0xff]) }));
      await new Promise((r) => setTimeout(r, 20));
    }
    this.ts += 7 * step;
  }

  private send(packet: Buffer): void {
    if (this.remote) this.socket.send(packet, this.remote.port, this.remote.address);
  }

  close(): void {
    this.stop();
    this.socket.close();
  }
}

/** The largest gap in ms between consecutive packets (of one payload type, if given). */
export function largestGap(packets: { at: number; payloadType: number }[], payloadType?: number): number {
  const times = packets.filter((p) => payloadType === undefined || p.payloadType === payloadType).map((p) => p.at);
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, (times[i] ?? 0) - (times[i - 1] ?? 0));
  return gap;
}
