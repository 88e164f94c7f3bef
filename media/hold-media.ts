// The media of a held call, driven by the app instead of by SDP directions: both parties'
// audio is blocked in rtpengine (so the party that holds receives no RTP at all, and what a
// held phone sends — its own music, silence — never reaches the other), and the queue's music
// loops into the party that was put on hold. rtpengine 10.5 refuses `play media` toward a leg
// whose SDP said inactive, so hold offers never reach it (server/sip/calls/hold-direction.ts).
// Changes run one at a time in order: a quick hold/resume/hold lands in its last state.
import type { MediaServer } from './media-server.js';
import type { PromptHandle, PromptSource } from './types.js';

export interface HoldMediaTarget {
  callId: string;
  /** App leg tags of the two parties. */
  legs: { caller: string; agent: string };
  music: PromptSource;
}

export type HoldListener = 'caller' | 'agent';

export class HoldMedia {
  private cut = false;
  private musicTo: HoldListener | null = null;
  private music: PromptHandle | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly media: MediaServer, private readonly target: HoldMediaTarget) {}

  /** Brings the media to `plan`; resolves when rtpengine has it (rejects with its error). */
  apply(plan: { cut: boolean; musicTo: HoldListener | null }): Promise<void> {
    const run = this.queue.then(() => this.change(plan));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async change(plan: { cut: boolean; musicTo: HoldListener | null }): Promise<void> {
    const { callId, legs, music } = this.target;
    if (plan.musicTo !== this.musicTo) {
      await this.music?.stop();
      this.music = undefined;
      this.musicTo = null;
    }
    if (plan.cut !== this.cut) {
      await this.media.blockMedia(callId, legs.caller, plan.cut);
      await this.media.blockMedia(callId, legs.agent, plan.cut);
      this.cut = plan.cut;
    }
    if (plan.musicTo && !this.music) {
      this.music = await this.media.playPrompt(callId, legs[plan.musicTo], music, { loop: true, muteOther: false });
      this.musicTo = plan.musicTo;
    }
  }
}
