// Receives rtpengine's DTMF reports (config `dtmf-log-dest`: one JSON datagram per digit, sent
// when the digit ends) on one UDP socket shared by every instance. rtpengine reports a digit
// once per sink of the sending leg, so with a recorder or listener attached the same digit
// arrives two or three times within a few ms; those copies are dropped here.
import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';

export interface RawDtmf {
  callId: string;
  sourceTag: string;
  digit: string;
  durationMs: number;
  /** RFC 4733 volume (-dBm0); rtpengine marks digits it injected itself with 63. */
  volume: number;
  at: number;
}

const DIGITS = '0123456789*#ABCD';
/** Copies of one report arrive within ms; a real repeat of a digit needs ≥ 80 ms (tone + pause). */
const DUPLICATE_WINDOW_MS = 60;

export class DtmfListener extends EventEmitter<{ digit: [RawDtmf] }> {
  private socket: Socket | null = null;
  private readonly lastSeen = new Map<string, number>();

  async start(): Promise<number> {
    const socket = createSocket('udp4');
    socket.on('message', (msg) => this.onMessage(msg));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    this.socket = socket;
    return socket.address().port;
  }

  stop(): void {
    this.socket?.close();
    this.socket = null;
  }

  private onMessage(msg: Buffer): void {
    const raw = parseReport(msg);
    if (!raw) return;
    const key = `${raw.callId}\0${raw.sourceTag}\0${raw.digit}`;
    const last = this.lastSeen.get(key);
    this.lastSeen.set(key, raw.at);
    if (last !== undefined && raw.at - last < DUPLICATE_WINDOW_MS) return;
    if (this.lastSeen.size > 10_000) this.lastSeen.clear();
    this.emit('digit', raw);
  }
}

function parseReport(msg: Buffer): RawDtmf | null {
  let data: unknown;
  try {
    data = JSON.parse(msg.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const r = data as Record<string, unknown>;
  if (r.type !== 'DTMF' || typeof r.callid !== 'string' || typeof r.source_tag !== 'string' || typeof r.event !== 'number') return null;
  const digit = DIGITS[r.event];
  if (digit === undefined) return null;
  return {
    callId: r.callid,
    sourceTag: r.source_tag,
    digit,
    durationMs: typeof r.duration === 'number' ? r.duration : 0,
    volume: typeof r.volume === 'number' ? r.volume : 0,
    at: Date.now(),
  };
}
