// A Node RTP endpoint for media tests: one UDP socket on 127.0.0.1 that sends a PCMU tone in
// 20 ms packets, sends DTMF as RFC 4733 events or as in-band dual tones, and keeps every PCMU
// packet it receives (decoded, with arrival time and SSRC) for spectrum checks.
import { createSocket, type Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { encodeUlaw, decodeUlaw } from '../../../media/g711.js';
import { buildRtp, parseRtp } from '../../../media/rtp.js';
import { audioSections, plainAudioSdp } from '../../../media/sdp.js';

export interface ReceivedPacket {
  at: number;
  ssrc: number;
  payloadType: number;
  sequence: number;
  timestamp: number;
  samples: Int16Array;
  event?: number;
}

const DTMF_FREQS: Record<string, [number, number]> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477],
  '4': [770, 1209], '5': [770, 1336], '6': [770, 1477],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477],
  '*': [941, 1209], '0': [941, 1336], '#': [941, 1477],
};
const EVENT_CODES = '0123456789*#';

export class RtpEndpoint {
  readonly received: ReceivedPacket[] = [];
  private remote: { address: string; port: number; telephoneEvent: number } | null = null;
  private timer: NodeJS.Timeout | undefined;
  private seq = randomInt(0, 60000);
  private ts = randomInt(0, 2 ** 31);
  private readonly ssrc = randomInt(1, 2 ** 31);
  private phase = 0;
  private freq = 0;
  /** Frames queued ahead of the tone, in order: audio (in-band digits, gaps) or RFC 4733 payloads. */
  private readonly queue: ({ audio: Int16Array } | { event: Buffer; first: boolean })[] = [];
  private eventTs = 0;
  private amplitude = 8000;
  private packetsSent = 0;
  private startedAt = 0;

  private constructor(private readonly socket: Socket, readonly port: number) {
    socket.on('message', (msg) => this.onPacket(msg));
  }

  static async open(): Promise<RtpEndpoint> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    return new RtpEndpoint(socket, socket.address().port);
  }

  sdp(direction: 'sendrecv' | 'recvonly' | 'sendonly' = 'sendrecv'): string {
    return plainAudioSdp('127.0.0.1', [this.port], direction);
  }

  /** Points the endpoint at the address/port of the (first) audio section of rtpengine's SDP. */
  setRemote(sdp: string): void {
    const section = audioSections(sdp)[0];
    if (!section) throw new Error(`no audio in SDP:\n${sdp}`);
    this.remote = { address: section.address, port: section.port, telephoneEvent: section.telephoneEvent ?? 101 };
  }

  /** Starts sending 20 ms packets: the tone at `freq` Hz (0 = silence). */
  start(freq: number, amplitude = 8000): void {
    this.freq = freq;
    this.amplitude = amplitude;
    if (this.timer) return;
    this.startedAt = Date.now();
    this.packetsSent = 0;
    // Self-correcting pacing: send however many packets are due since the start.
    this.timer = setInterval(() => {
      const due = Math.floor((Date.now() - this.startedAt) / 20);
      while (this.packetsSent < due) this.sendFrame();
    }, 5);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Queues an in-band DTMF digit (dual tone) followed by silence, replacing the tone meanwhile. */
  sendInbandDigit(digit: string, durationMs = 120, gapMs = 100): void {
    const pair = DTMF_FREQS[digit];
    if (!pair) throw new Error(`bad digit ${digit}`);
    let n = 0;
    for (let f = 0; f < durationMs / 20; f++) {
      const frame = new Int16Array(160);
      for (let i = 0; i < 160; i++, n++) frame[i] = 6000 * (Math.sin((2 * Math.PI * pair[0] * n) / 8000) + Math.sin((2 * Math.PI * pair[1] * n) / 8000));
      this.queue.push({ audio: frame });
    }
    for (let f = 0; f < gapMs / 20; f++) this.queue.push({ audio: new Int16Array(160) });
  }

  /** Queues an RFC 4733 event: packets every 20 ms for the duration, then three end packets. */
  sendRfc4733Digit(digit: string, durationMs = 120, gapMs = 100): void {
    const code = EVENT_CODES.indexOf(digit);
    if (code < 0) throw new Error(`bad digit ${digit}`);
    const steps = durationMs / 20;
    for (let s = 1; s <= steps + 3; s++) {
      const end = s > steps;
      const dur = Math.min(s, steps) * 160;
      this.queue.push({ event: Buffer.from([code, (end ? 0x80 : 0) | 10, dur >> 8, dur & 0xff]), first: s === 1 });
    }
    for (let f = 0; f < gapMs / 20; f++) this.queue.push({ audio: new Int16Array(160) });
  }

  private sendFrame(): void {
    this.packetsSent++;
    if (!this.remote) return;
    const next = this.queue.shift();
    if (next && 'event' in next) {
      // All packets of one event share the timestamp of its start; the first carries the marker.
      if (next.first) this.eventTs = this.ts;
      this.send(buildRtp({ payloadType: this.remote.telephoneEvent, marker: next.first, sequence: this.seq++, timestamp: this.eventTs, ssrc: this.ssrc, payload: next.event }));
      this.ts += 160;
      return;
    }
    if (next) {
      this.sendAudio(next.audio);
      return;
    }
    const tone = new Int16Array(160);
    for (let i = 0; i < 160; i++) tone[i] = this.freq ? this.amplitude * Math.sin(this.phase + (2 * Math.PI * this.freq * i) / 8000) : 0;
    this.phase = (this.phase + (2 * Math.PI * this.freq * 160) / 8000) % (2 * Math.PI);
    this.sendAudio(tone);
  }

  private sendAudio(samples: Int16Array): void {
    this.send(buildRtp({ payloadType: 0, sequence: this.seq++, timestamp: this.ts, ssrc: this.ssrc, payload: encodeUlaw(samples) }));
    this.ts += 160;
  }

  private send(packet: Buffer): void {
    if (this.remote) this.socket.send(packet, this.remote.port, this.remote.address);
  }

  private onPacket(msg: Buffer): void {
    const rtp = parseRtp(msg);
    if (!rtp) return;
    const at = Date.now();
    if (rtp.payloadType === 0) {
      this.received.push({ at, ssrc: rtp.ssrc, payloadType: 0, sequence: rtp.sequence, timestamp: rtp.timestamp, samples: decodeUlaw(rtp.payload) });
    } else {
      this.received.push({ at, ssrc: rtp.ssrc, payloadType: rtp.payloadType, sequence: rtp.sequence, timestamp: rtp.timestamp, samples: new Int16Array(0), event: rtp.payload[0] });
    }
  }

  /** Decoded PCMU received in [from, to) ms since the epoch, optionally from one SSRC only. */
  samples(from = 0, to = Infinity, ssrc?: number): Int16Array {
    const parts = this.received.filter((p) => p.payloadType === 0 && p.at >= from && p.at < to && (ssrc === undefined || p.ssrc === ssrc));
    const out = new Int16Array(parts.reduce((n, p) => n + p.samples.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p.samples, o);
      o += p.samples.length;
    }
    return out;
  }

  close(): void {
    this.stop();
    this.socket.close();
  }
}
