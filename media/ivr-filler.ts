// Silence frames toward a caller while the IVR plays nothing (waiting for a digit, between
// prompts): without them the caller got no RTP at all, and phones and carriers read a silent
// stream as a dead call (RTP timeout, "no audio" alarms). The filler is rtpengine's own player
// looping a silent WAV into the caller's leg; the player keeps one SSRC, sequence and timestamp
// line per leg, so prompts, music and the filler reach the caller as one continuous stream.
// A prompt replaces it (`play media` replaces the running playback, no gap); it comes back when
// the prompt ends, and goes for good once an agent is bridged.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { WavWriter } from './wav-writer.js';
import { Prompt } from './prompt.js';
import type { NgClient } from './ng-client.js';

// 48 kHz, not 8: rtpengine 10.5's player reads an 8 kHz file in chunks and sends each chunk's
// packets in a burst (gaps of 120-160 ms on the wire); from a 48 kHz file it paces them evenly
// (largest gap about 40 ms, measured toward PCMU and G.722 legs).
const RATE = 48000;
const SECONDS = 10;

/** Writes the silent WAV the filler loops: 0600, like every file of the data folder (rtpengine runs as our user). */
export function writeSilence(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  const wav = new WavWriter(path, 1, RATE, 0o600);
  wav.write(new Int16Array(RATE * SECONDS));
  wav.close();
  return path;
}

export class Filler {
  private readonly prompt: Prompt;
  /** Settles when rtpengine has started it; later commands on the leg wait for it (ordering). */
  private readonly started: Promise<void>;

  constructor(ng: NgClient, callId: string, rtpTag: string, file: string) {
    this.prompt = new Prompt({ ng, callId, rtpTag, muteTag: null, file, loop: true });
    this.started = this.prompt.start().catch(() => undefined);
  }

  /** A prompt takes over the leg: its `play media` replaces ours, so nothing is sent to rtpengine. */
  async replace(): Promise<void> {
    await this.started;
    this.prompt.abandon('stopped');
  }

  /** The leg gets real audio now (an agent): playback stops. */
  async stop(): Promise<void> {
    await this.started;
    await this.prompt.stop();
  }

  abandon(): void {
    this.prompt.abandon('call-ended');
  }
}
