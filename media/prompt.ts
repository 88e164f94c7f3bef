// A prompt playing into one leg. rtpengine 10.5 sends no end-of-playback event, so the end is
// computed here from the duration it returns (one pass of the file). Music on hold re-issues
// the play before the repeats run out, so it loops until stopped.
import type { NgClient } from './ng-client.js';
import type { PromptEnd, PromptHandle } from './types.js';

/** Repeats asked for per play while looping; re-issued when they run out. */
const LOOP_REPEATS = 100;

export interface PromptTarget {
  ng: NgClient;
  callId: string;
  /** rtpengine tag of the leg that hears the prompt. */
  rtpTag: string;
  /** rtpengine tag of the peer to mute meanwhile, if any. */
  muteTag: string | null;
  file: string;
  loop: boolean;
}

export class Prompt implements PromptHandle {
  readonly done: Promise<PromptEnd>;
  private resolveDone!: (end: PromptEnd) => void;
  private timer: NodeJS.Timeout | undefined;
  private ended = false;
  durationMs = 0;

  constructor(private readonly target: PromptTarget) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Mutes the peer, starts playback and arms the completion timer. */
  async start(): Promise<void> {
    const { ng, callId, rtpTag, muteTag, file, loop } = this.target;
    if (muteTag) await ng.command('block media', { 'call-id': callId, 'from-tag': muteTag });
    try {
      const reply = await ng.command('play media', { 'call-id': callId, 'from-tag': rtpTag, file, 'repeat-times': loop ? LOOP_REPEATS : undefined });
      this.durationMs = typeof reply.duration === 'number' ? reply.duration : 0;
    } catch (err) {
      await this.unmute();
      throw err;
    }
    this.arm();
  }

  private arm(): void {
    // Abandoned while `play media` was in flight: no timer (it would keep the process alive).
    if (this.ended) return;
    const { ng, callId, rtpTag, file, loop } = this.target;
    if (!loop) {
      this.timer = setTimeout(() => void this.finish('completed'), this.durationMs);
      return;
    }
    // Re-issue one pass early so the loop has no gap; play media replaces the running one.
    this.timer = setTimeout(() => {
      if (this.ended) return;
      ng.command('play media', { 'call-id': callId, 'from-tag': rtpTag, file, 'repeat-times': LOOP_REPEATS })
        .then(() => this.arm(), () => void this.finish('call-ended'));
    }, Math.max(1000, this.durationMs * (LOOP_REPEATS - 1)));
  }

  async stop(): Promise<void> {
    if (this.ended) return;
    await this.target.ng.command('stop media', { 'call-id': this.target.callId, 'from-tag': this.target.rtpTag }).catch(() => undefined);
    await this.finish('stopped');
  }

  /** Ends the prompt without talking to rtpengine (another prompt replaced it, or the call is gone). */
  abandon(reason: 'stopped' | 'call-ended'): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    this.resolveDone({ reason, durationMs: this.durationMs, at: Date.now() });
  }

  private async finish(reason: PromptEnd['reason']): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    const at = Date.now();
    if (reason !== 'call-ended') await this.unmute();
    this.resolveDone({ reason, durationMs: this.durationMs, at });
  }

  private async unmute(): Promise<void> {
    const { ng, callId, muteTag } = this.target;
    if (muteTag) await ng.command('unblock media', { 'call-id': callId, 'from-tag': muteTag }).catch(() => undefined);
  }
}
