// Mixer: rtpengine 10.5 does not mix audio, so parties are bridged by rtpengine to this
// mixer over plain PCMU RTP on loopback, one UDP port per party. Every 20 ms it takes one
// frame from each party's jitter buffer and sends each party the mix its row of the gain
// matrix asks for; the matrix can be replaced at any time (conference, consult, listen,
// whisper, barge) without re-anchoring anything. Output SSRC/seq/timestamps are stable per
// party and silence frames go out when nobody speaks, so the party side never sees a gap.
// A source (addSource) is a speaker without a socket: looped PCM, such as the hold music a
// consulted-away caller hears, mixed in by the same matrix.
import { createSocket, type Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { decodeUlaw, encodeUlaw } from '../g711.js';
import { buildRtp, parseRtp } from '../rtp.js';
import { FRAME_SAMPLES, mixFrames } from './mix-frame.js';
import type { GainMatrix, MixerOptions, MixerParty } from './types.js';

interface Party {
  id: string;
  socket: Socket;
  port: number;
  remote: { address: string; port: number } | null;
  /** Received frames by sequence number, played in order. */
  buffer: Map<number, Int16Array>;
  nextSeq: number | null;
  playing: boolean;
  out: { ssrc: number; seq: number; ts: number };
}

export interface MixerEvents {
  /** Not 'error': an EventEmitter 'error' with no listener throws, and one party's socket must not reach the process. */
  'party-error': [{ partyId: string; error: Error }];
}

export class Mixer extends EventEmitter<MixerEvents> {
  private readonly parties = new Map<string, Party>();
  /** Looped PCM speakers (hold music): heard through the matrix, they hear nothing. */
  private readonly sources = new Map<string, { pcm: Int16Array; at: number }>();
  private matrix: GainMatrix = {};
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private ticks = 0;
  private readonly jitterFrames: number;
  private readonly maxBufferFrames: number;

  constructor(options: MixerOptions = {}) {
    super();
    this.jitterFrames = options.jitterFrames ?? 2;
    this.maxBufferFrames = options.maxBufferFrames ?? 6;
  }

  /** Opens the party's loopback port; mixing runs while at least one party is in. */
  async addParty(id: string): Promise<MixerParty> {
    if (this.parties.has(id)) throw new Error(`mixer: party ${id} already joined`);
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    const party: Party = {
      id, socket, port: socket.address().port, remote: null, buffer: new Map(), nextSeq: null, playing: false,
      out: { ssrc: randomInt(1, 2 ** 31), seq: randomInt(0, 60000), ts: randomInt(0, 2 ** 31) },
    };
    // A socket error concerns this party only.
    socket.on('error', (error) => this.emit('party-error', { partyId: id, error }));
    socket.on('message', (msg, rinfo) => this.onPacket(party, msg, rinfo));
    this.parties.set(id, party);
    if (!this.timer) this.startClock();
    return { id, port: party.port };
  }

  /** A looped 8 kHz PCM speaker (at least one frame long); mixing runs while it is in. */
  addSource(id: string, pcm: Int16Array): void {
    if (this.parties.has(id) || this.sources.has(id)) throw new Error(`mixer: party ${id} already joined`);
    if (pcm.length < FRAME_SAMPLES) throw new Error('mixer: a source needs at least one frame of audio');
    this.sources.set(id, { pcm, at: 0 });
    if (!this.timer) this.startClock();
  }

  /** Where the party's mix goes (rtpengine's port toward the mixer); without it the mixer latches to the sender. */
  setRemote(id: string, address: string, port: number): void {
    this.party(id).remote = { address, port };
  }

  removeParty(id: string): void {
    const party = this.parties.get(id);
    party?.socket.close();
    this.parties.delete(id);
    this.sources.delete(id);
    if (this.parties.size === 0 && this.sources.size === 0) this.stopClock();
  }

  /** Replaces the mix; takes effect on the next 20 ms frame. Unknown parties and bad gains are refused. */
  setMatrix(matrix: GainMatrix): void {
    for (const [listener, row] of Object.entries(matrix)) {
      this.party(listener);
      for (const [speaker, gain] of Object.entries(row)) {
        if (!this.sources.has(speaker)) this.party(speaker);
        if (!Number.isFinite(gain) || gain < 0 || gain > 4) throw new Error(`mixer: gain ${listener}<-${speaker} must be 0..4, got ${gain}`);
      }
    }
    this.matrix = matrix;
  }

  get partyIds(): string[] {
    return [...this.parties.keys()];
  }

  close(): void {
    for (const id of [...this.parties.keys(), ...this.sources.keys()]) this.removeParty(id);
  }

  private party(id: string): Party {
    const p = this.parties.get(id);
    if (!p) throw new Error(`mixer: no party ${id}`);
    return p;
  }

  private onPacket(party: Party, msg: Buffer, rinfo: { address: string; port: number }): void {
    const rtp = parseRtp(msg);
    if (!rtp || rtp.payloadType !== 0) return;
    party.remote ??= { address: rinfo.address, port: rinfo.port };
    if (party.nextSeq !== null && ((rtp.sequence - party.nextSeq) & 0xffff) > 0x8000) return; // late: already played
    party.buffer.set(rtp.sequence, decodeUlaw(rtp.payload));
    party.nextSeq ??= rtp.sequence;
    // Sender ahead of our clock: drop the oldest frames so the delay stays bounded.
    while (party.buffer.size > this.maxBufferFrames && party.nextSeq !== null) {
      party.buffer.delete(party.nextSeq);
      party.nextSeq = (party.nextSeq + 1) & 0xffff;
    }
  }

  /** One frame from the party's buffer, or null (underrun, or still filling). */
  private take(party: Party): Int16Array | null {
    if (party.nextSeq === null) return null;
    if (!party.playing) {
      if (party.buffer.size < this.jitterFrames) return null;
      party.playing = true;
    }
    const frame = party.buffer.get(party.nextSeq) ?? null;
    party.buffer.delete(party.nextSeq);
    party.nextSeq = (party.nextSeq + 1) & 0xffff;
    if (party.buffer.size === 0 && !frame) party.playing = false;
    return frame;
  }

  private startClock(): void {
    this.startedAt = Date.now();
    this.ticks = 0;
    // Self-correcting pacing: as many frames as are due since the start.
    this.timer = setInterval(() => {
      const due = Math.floor((Date.now() - this.startedAt) / 20);
      // After a long stall (loaded machine) catch up at most a few frames, not a burst.
      if (due - this.ticks > 5) this.ticks = due - 5;
      while (this.ticks < due) {
        this.ticks++;
        this.tick();
      }
    }, 5);
  }

  private stopClock(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const parties = [...this.parties.values()];
    const sources = [...this.sources.entries()];
    const inputs = [...parties.map((p) => this.take(p)), ...sources.map(([, src]) => loopFrame(src))];
    const speakers = [...parties.map((p) => p.id), ...sources.map(([id]) => id)];
    const gains = parties.map((l) => speakers.map((s) => this.matrix[l.id]?.[s] ?? 0));
    const mixes = mixFrames(inputs, gains);
    parties.forEach((p, i) => {
      const out = p.out;
      const packet = buildRtp({ payloadType: 0, sequence: out.seq, timestamp: out.ts, ssrc: out.ssrc, payload: encodeUlaw(mixes[i] ?? new Int16Array(FRAME_SAMPLES)) });
      out.seq = (out.seq + 1) & 0xffff;
      out.ts = (out.ts + FRAME_SAMPLES) >>> 0;
      if (p.remote) p.socket.send(packet, p.remote.port, p.remote.address);
    });
  }
}

/** The source's next frame, wrapping around its end. */
function loopFrame(src: { pcm: Int16Array; at: number }): Int16Array {
  const frame = new Int16Array(FRAME_SAMPLES);
  for (let i = 0; i < FRAME_SAMPLES; i++) {
    frame[i] = src.pcm[src.at] ?? 0;
    src.at = (src.at + 1) % src.pcm.length;
  }
  return frame;
}
