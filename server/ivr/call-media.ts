// The port the IVR talks to for one caller: play a prompt, hear digits, learn that the call
// ended. It knows no SIP and no rtpengine; media-port.ts adapts the real MediaServer to it,
// and unit tests use a fake. Timeouts are not the port's business: the session applies them
// with its own clock, so a fake clock can drive every timer.
import type { PromptSource } from '../../media/index.js';

export type { PromptSource };

export interface PlayingPrompt {
  /** Resolves when the prompt has played out, was stopped, or the call went away. */
  readonly done: Promise<'completed' | 'stopped' | 'call-ended'>;
  stop(): Promise<void>;
}

export interface CallMedia {
  readonly callId: string;
  /** Starts a prompt to the caller; rejects if it cannot be played (unknown file, no media). */
  play(prompt: PromptSource): Promise<PlayingPrompt>;
  /** Every digit the caller presses, in order, from now on. Returns the unsubscribe function. */
  onDigit(listener: (digit: string) => void): () => void;
  /** Called once when the caller hangs up or the call's media is gone. Returns the unsubscribe function. */
  onEnded(listener: () => void): () => void;
}
