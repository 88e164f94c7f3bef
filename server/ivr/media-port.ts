// The CallMedia port on the real media layer, for one caller leg anchored with anchorIvr().
// The SIP layer creates it when it answers the call, runs the IvrSession on it, and calls
// callEnded() on BYE/CANCEL; the port also ends by itself when the call's rtpengine instance
// dies or the call's media is deleted under a playing prompt. dispose() drops its subscription.
// It subscribes to its own call's notifications (MediaServer.subscribe), never to the server's
// emitter, so concurrent calls add no listeners there.
//   const port = new MediaCallPort(media, callId, callerTag);
//   dialog.on('destroy', () => port.callEnded());
//   const result = await new IvrSession({ flow, media: port }).run();
//   port.dispose();
import { UnknownCallError, type MediaServer, type PromptSource } from '../../media/index.js';
import type { CallMedia, PlayingPrompt } from './call-media.js';

export class MediaCallPort implements CallMedia {
  private readonly endedListeners = new Set<() => void>();
  private readonly digitListeners = new Set<(digit: string) => void>();
  private ended = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly media: MediaServer, readonly callId: string, private readonly legTag: string) {
    this.unsubscribe = media.subscribe(callId, {
      dtmf: (e) => {
        if (e.legTag !== this.legTag) return;
        for (const listener of [...this.digitListeners]) listener(e.digit);
      },
      mediaLost: () => this.callEnded(),
    });
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
    this.digitListeners.add(listener);
    return () => this.digitListeners.delete(listener);
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
    this.unsubscribe();
    this.endedListeners.clear();
    this.digitListeners.clear();
  }
}
