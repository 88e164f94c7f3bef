// Two-channel call recording without the kernel module: each party's audio is forked by
// rtpengine (`subscribe request` / `subscribe answer`) to a UDP socket of ours, decoded from
// PCMU and laid on a wall-clock timeline (so both channels line up and gaps stay gaps), then
// streamed to a WAV a little behind real time. Pause drops the audio and leaves silence; the
// paused spans go into the RecordingInfo for the index. Prompts played by rtpengine are not
// in the fork (it carries what a party sends), so they are not in the recording.
import { createSocket, type Socket } from 'node:dgram';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeUlaw } from './g711.js';
import { parseRtp } from './rtp.js';
import { audioSections, plainAudioSdp } from './sdp.js';
import { WavWriter } from './wav-writer.js';
import type { NgClient } from './ng-client.js';
import type { PausedSpan, RecordingInfo, RecordingOptions } from './types.js';

const RATE = 8000;
/** How far behind real time we write, so late packets still land in place. */
const JITTER_MS = 300;
const FLUSH_EVERY_MS = 250;
/** A stream whose timestamps drift this far from arrival time is re-anchored (new talk spurt source, clock jump). */
const REANCHOR_SAMPLES = RATE;

interface StreamAnchor {
  ts0: number;
  sample0: number;
}

class Channel {
  /** Samples from `base` on, not yet written. */
  pending = new Int16Array(RATE * 4);
  readonly anchors = new Map<number, StreamAnchor>();
  subscriberTag = '';
  socket: Socket | null = null;

  put(at: number, samples: Int16Array, base: number): void {
    const offset = at - base;
    if (offset < 0) return; // too late: already written
    const need = offset + samples.length;
    if (need > this.pending.length) {
      const grown = new Int16Array(Math.max(need, this.pending.length * 2));
      grown.set(this.pending);
      this.pending = grown;
    }
    this.pending.set(samples, offset);
  }

  /** Hands out the first n pending samples and shifts the rest down. */
  take(n: number): Int16Array {
    const out = this.pending.slice(0, n);
    this.pending.copyWithin(0, n);
    this.pending.fill(0, Math.max(0, this.pending.length - n));
    return out;
  }
}

export interface RecorderParty {
  /** rtpengine tag of the party whose audio goes to this channel. */
  rtpTag: string;
  legTag: string;
}

export class Recording {
  readonly id = randomUUID();
  readonly startedAt = new Date();
  private readonly t0 = performance.now();
  private readonly channels = [new Channel(), new Channel()];
  private readonly stereo: WavWriter;
  private readonly mixed: WavWriter | null;
  private written = 0;
  private readonly spans: PausedSpan[] = [];
  private pausedAt: number | null = null;
  private flushTimer: NodeJS.Timeout | undefined;
  private result: Promise<RecordingInfo> | null = null;

  private constructor(
    private readonly ng: NgClient,
    readonly callId: string,
    private readonly parties: [RecorderParty, RecorderParty],
    dir: string,
    name: string,
    withMix: boolean,
    private readonly onStopped: (info: RecordingInfo) => void,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.stereo = new WavWriter(join(dir, `${name}.wav`), 2, RATE);
    this.mixed = withMix ? new WavWriter(join(dir, `${name}-mix.wav`), 1, RATE) : null;
  }

  /** `onStopped` runs once when the files are closed, however the recording was stopped. */
  static async start(
    ng: NgClient, callId: string, parties: [RecorderParty, RecorderParty], dir: string,
    options: RecordingOptions, onStopped: (info: RecordingInfo) => void,
  ): Promise<Recording> {
    const name = options.name ?? `${callId.replace(/[^A-Za-z0-9_.-]/g, '_')}-${Date.now()}`;
    const rec = new Recording(ng, callId, parties, dir, name, options.mixed ?? false, onStopped);
    try {
      await Promise.all(parties.map((p, i) => rec.fork(p.rtpTag, i)));
    } catch (err) {
      // Undo the fork that may have worked and leave no empty files behind.
      await rec.finish(true);
      await Promise.all([rec.stereo.path, rec.mixed?.path].map((p) => (p ? unlink(p).catch(() => undefined) : undefined)));
      throw err;
    }
    rec.flushTimer = setInterval(() => rec.flush(rec.nowSamples() - (JITTER_MS * RATE) / 1000), FLUSH_EVERY_MS);
    return rec;
  }

  pause(): void {
    if (this.pausedAt === null && !this.result) this.pausedAt = this.nowMs();
  }

  resume(): void {
    if (this.pausedAt === null || this.result) return;
    this.spans.push({ startMs: this.pausedAt, endMs: this.nowMs() });
    this.pausedAt = null;
  }

  /**
   * Stops the forks and closes the files; safe to call more than once. `forksAlive` false: the
   * rtpengine carrying the call is gone, so there is nothing to unsubscribe from.
   */
  stop(forksAlive = true): Promise<RecordingInfo> {
    this.result ??= this.finish(forksAlive).then((info) => {
      this.onStopped(info);
      return info;
    });
    return this.result;
  }

  private async finish(forksAlive: boolean): Promise<RecordingInfo> {
    clearInterval(this.flushTimer);
    const endMs = this.nowMs();
    if (this.pausedAt !== null) {
      this.spans.push({ startMs: this.pausedAt, endMs });
      this.pausedAt = null;
    }
    // Unsubscribing is best effort: the call may already be deleted.
    if (forksAlive) {
      await Promise.all(this.channels.map((c) => (c.subscriberTag ? this.ng.command('unsubscribe', { 'call-id': this.callId, 'to-tag': c.subscriberTag }).catch(() => undefined) : undefined)));
    }
    for (const c of this.channels) c.socket?.close();
    this.flush(Math.round((endMs * RATE) / 1000));
    this.stereo.close();
    this.mixed?.close();
    return {
      id: this.id,
      callId: this.callId,
      path: this.stereo.path,
      ...(this.mixed ? { mixedPath: this.mixed.path } : {}),
      channels: 2,
      sampleRate: RATE,
      channelTags: [this.parties[0].legTag, this.parties[1].legTag],
      startedAt: this.startedAt,
      durationMs: Math.round((this.stereo.frames * 1000) / RATE),
      pausedSpans: this.spans.map((s) => ({ ...s })),
    };
  }

  private async fork(rtpTag: string, index: number): Promise<void> {
    const channel = this.channels[index];
    if (!channel) return;
    const socket = createSocket('udp4');
    channel.socket = socket;
    socket.on('message', (msg) => this.onPacket(channel, msg));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    // PCMU is added to the fork's offer, and transcoding allowed in the answer, so an opus party
    // (a browser) is decoded by rtpengine and the recorder only ever sees PCMU.
    const req = await this.ng.command('subscribe request', { 'call-id': this.callId, 'from-tag': rtpTag, codec: { transcode: ['PCMU'] } });
    const offered = audioSections(String(req.sdp ?? ''))[0];
    const toTag = String(req['to-tag'] ?? '');
    channel.subscriberTag = toTag;
    await this.ng.command('subscribe answer', {
      'call-id': this.callId,
      'to-tag': toTag,
      sdp: plainAudioSdp('127.0.0.1', [socket.address().port], 'recvonly', offered?.telephoneEvent ?? null),
      flags: ['allow-transcoding'],
    });
  }

  private onPacket(channel: Channel, msg: Buffer): void {
    if (this.pausedAt !== null || this.result) return;
    const rtp = parseRtp(msg);
    if (!rtp || rtp.payloadType !== 0) return;
    const arrival = this.nowSamples();
    const len = rtp.payload.length;
    let anchor = channel.anchors.get(rtp.ssrc);
    let at = anchor ? anchor.sample0 + ((rtp.timestamp - anchor.ts0) | 0) : 0;
    if (!anchor || Math.abs(at - arrival) > REANCHOR_SAMPLES) {
      anchor = { ts0: rtp.timestamp, sample0: Math.max(0, arrival - len) };
      channel.anchors.set(rtp.ssrc, anchor);
      at = anchor.sample0;
    } else if (at + len > arrival) {
      // Arrived earlier than its anchored place: the first packet was delayed. The least
      // delayed packet sets the timeline, so audio never lands after the moment it arrived.
      anchor.sample0 -= at + len - arrival;
      at = arrival - len;
    }
    channel.put(at, decodeUlaw(rtp.payload), this.written);
  }

  /** Writes every sample before `until` (a sample index from the start). */
  private flush(until: number): void {
    const n = Math.floor(until) - this.written;
    if (n <= 0) return;
    const [a, b] = this.channels.map((c) => c.take(n)) as [Int16Array, Int16Array];
    // Anything that slipped into a paused span through the jitter window is silenced.
    const open = this.pausedAt === null ? [] : [{ startMs: this.pausedAt, endMs: Infinity }];
    for (const span of [...this.spans, ...open]) {
      const s = Math.max(0, Math.round((span.startMs * RATE) / 1000) - this.written);
      const e = Math.min(n, span.endMs === Infinity ? n : Math.round((span.endMs * RATE) / 1000) - this.written);
      if (e > s) {
        a.fill(0, s, e);
        b.fill(0, s, e);
      }
    }
    const inter = new Int16Array(n * 2);
    for (let i = 0; i < n; i++) {
      inter[2 * i] = a[i] ?? 0;
      inter[2 * i + 1] = b[i] ?? 0;
    }
    this.stereo.write(inter);
    if (this.mixed) {
      const mix = new Int16Array(n);
      for (let i = 0; i < n; i++) mix[i] = Math.max(-32768, Math.min(32767, (a[i] ?? 0) + (b[i] ?? 0)));
      this.mixed.write(mix);
    }
    this.written += n;
  }

  private nowMs(): number {
    return Math.round(performance.now() - this.t0);
  }

  private nowSamples(): number {
    return Math.round(((performance.now() - this.t0) * RATE) / 1000);
  }
}
