// The ring an agent hears for an incoming call: a 440+480 Hz tone, 1 s on and 2 s off, made
// with WebAudio and played through its own audio element so it follows the chosen speaker.
// Sign-in is a user gesture, so the browser lets the page start audio later without one.

const CYCLE_S = 3;
const ON_S = 1;

export class Ringer {
  private ctx: AudioContext | null = null;
  private stopAt: (() => void) | null = null;
  private readonly out = new Audio();

  async setSpeaker(deviceId: string): Promise<void> {
    if (typeof this.out.setSinkId === 'function') await this.out.setSinkId(deviceId);
  }

  start(): void {
    if (this.stopAt) return;
    this.ctx ??= new AudioContext();
    const ctx = this.ctx;
    void ctx.resume();
    const gain = ctx.createGain();
    gain.gain.value = 0;
    const t0 = ctx.currentTime + 0.05;
    // Schedule a minute of cadence up front; stop() cuts it short.
    for (let t = t0; t < t0 + 60; t += CYCLE_S) {
      gain.gain.setValueAtTime(0.15, t);
      gain.gain.setValueAtTime(0, t + ON_S);
    }
    const dest = ctx.createMediaStreamDestination();
    gain.connect(dest);
    const oscillators = [440, 480].map((f) => {
      const o = ctx.createOscillator();
      o.frequency.value = f;
      o.connect(gain);
      o.start(t0);
      return o;
    });
    this.out.srcObject = dest.stream;
    void this.out.play().catch(() => undefined);
    this.stopAt = () => {
      for (const o of oscillators) o.stop();
      gain.disconnect();
      this.out.pause();
      this.out.srcObject = null;
    };
  }

  stop(): void {
    this.stopAt?.();
    this.stopAt = null;
  }
}
