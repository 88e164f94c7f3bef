// An opus-only RTP endpoint (plain RTP/AVP, opus/48000/2 on PT 111) built on opusscript, for
// proving opus ↔ PCMU transcoding through rtpengine with real audio.
import { createSocket, type Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import OpusScript from 'opusscript';
import { buildRtp, parseRtp } from '../../../media/rtp.js';
import { audioSections } from '../../../media/sdp.js';

const RATE = 48000;
const FRAME = 960; // 20 ms

export class OpusEndpoint {
  /** Decoded mono audio at 48 kHz, with arrival times per 20 ms frame. */
  readonly received: { at: number; samples: Int16Array }[] = [];
  private readonly encoder = new OpusScript(RATE, 1, OpusScript.Application.VOIP);
  private readonly decoder = new OpusScript(RATE, 1, OpusScript.Application.VOIP);
  private remote: { address: string; port: number } | null = null;
  private timer: NodeJS.Timeout | undefined;
  private seq = randomInt(0, 60000);
  private ts = randomInt(0, 2 ** 31);
  private readonly ssrc = randomInt(1, 2 ** 31);
  private n = 0;

  private constructor(private readonly socket: Socket, readonly port: number) {
    socket.on('message', (msg) => {
      const rtp = parseRtp(msg);
      if (!rtp || rtp.payloadType !== 111) return;
      const pcm = this.decoder.decode(rtp.payload);
      this.received.push({ at: Date.now(), samples: new Int16Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength)) });
    });
  }

  static async open(): Promise<OpusEndpoint> {
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    return new OpusEndpoint(socket, socket.address().port);
  }

  sdp(): string {
    return ['v=0', `o=opus ${Date.now()} 1 IN IP4 127.0.0.1`, 's=opus', 'c=IN IP4 127.0.0.1', 't=0 0',
      `m=audio ${this.port} RTP/AVP 111`, 'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 useinbandfec=1', 'a=ptime:20', 'a=sendrecv', ''].join('\r\n');
  }

  setRemote(sdp: string): void {
    const s = audioSections(sdp)[0];
    if (!s) throw new Error('no audio section');
    this.remote = { address: s.address, port: s.port };
  }

  start(freq: number): void {
    const startedAt = Date.now();
    let sent = 0;
    this.timer = setInterval(() => {
      for (; sent < Math.floor((Date.now() - startedAt) / 20); sent++) {
        const pcm = Buffer.alloc(FRAME * 2);
        for (let i = 0; i < FRAME; i++, this.n++) pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * freq * this.n) / RATE)), i * 2);
        const payload = this.encoder.encode(pcm, FRAME);
        if (this.remote) this.socket.send(buildRtp({ payloadType: 111, sequence: this.seq++, timestamp: (this.ts += FRAME), ssrc: this.ssrc, payload }), this.remote.port, this.remote.address);
      }
    }, 5);
  }

  /** Received audio since `from`, decimated to 8 kHz for the spectrum tools (tones are < 4 kHz). */
  samples8k(from: number): Int16Array {
    const all = this.received.filter((r) => r.at >= from).flatMap((r) => Array.from(r.samples));
    return Int16Array.from({ length: Math.floor(all.length / 6) }, (_, i) => all[i * 6] ?? 0);
  }

  close(): void {
    clearInterval(this.timer);
    this.socket.close();
    this.encoder.delete();
    this.decoder.delete();
  }
}
