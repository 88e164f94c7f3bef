// The CallMedia port on the real media layer, for one caller leg anchored with anchorIvr().
// The SIP layer creates it when it answers the call, runs the IvrSession on it, and calls
// callEnded() on BYE/CANCEL; the port also ends by itself when the call's rtpengine instance
// dies or the call's media is deleted under a playing prompt. dispose() drops its listeners.
//   const port = new MediaCallPort(media, callId, callerTag);
//   dialog.on('destroy', () => port.callEnded());
//   const result = await new IvrSession({ flow, media: port }).run();
//   port.dispose();
import { UnknownCallError, type DtmfEvent, type InstanceDownEvent, type MediaServer, type PromptSource } from '../../media/index.js';
import type { CallMedia, PlayingPrompt } from './call-media.js';

export class MediaCallPort implements CallMedia {
  private readonly endedListeners = new Set<() => void>();
  private ended = false;
  private readonly onInstanceDown = (e: InstanceDownEvent): void => {
    if (e.callIds.includes(this.callId)) this.callEnded();
  };

  constructor(private readonly media: MediaServer, readonly callId: string, private readonly legTag: string) {
    media.on('instance-down', this.onInstanceDown);
  }

  async play(prompt: PromptSource): Promise<PlayingPrompt> {
    const handle = await this.media.playPrompt(this.callId, this.legTag, prompt).catch((err: unknown) => {
      // The media layer no longer knows the call: it is gone, whoever forgot to say so.
      if (err instanceof UnknownCallError) this.callEnded();
      throw err;
    });
    const done = handle.done.then((end) => {
      if (end.reason === 'call-ended') this.callEnded();
      return end.reason;
    });
    return { done, stop: () => handle.stop() };
  }

  onDigit(listener: (digit: string) => void): () => void {
    const onDtmf = (e: DtmfEvent): void => {
      if (e.callId === this.callId && e.legTag === this.legTag) listener(e.digit);
    };
    this.media.on('dtmf', onDtmf);
    return () => this.media.off('dtmf', onDtmf);
  }

  onEnded(listener: () => void): () => void {
    if (this.ended) queueMicrotask(listener);
    else this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  /** The caller hung up (the SIP layer calls this on BYE or CANCEL). Idempotent. */
  callEnded(): void {
    if (this.ended) return;
    this.ended = true;
    for (const listener of [...this.endedListeners]) listener();
    this.endedListeners.clear();
  }

  dispose(): void {
    this.media.off('instance-down', this.onInstanceDown);
    this.endedListeners.clear();
  }
}
