// Watches the remote audio with an AnalyserNode: the peak frequency backs the debug hook the
// browser tests read (window.__softphoneDebug.remotePeakHz()), the level drives the UI meter.

const FFT_SIZE = 8192;

export class RemoteLevel {
  private ctx: AudioContext | null = null;
  private analyser: AnalyserNode | null = null;
  private source: MediaStreamAudioSourceNode | null = null;

  attach(stream: MediaStream): void {
    this.ctx ??= new AudioContext();
    void this.ctx.resume();
    this.source?.disconnect();
    this.analyser ??= Object.assign(this.ctx.createAnalyser(), { fftSize: FFT_SIZE, smoothingTimeConstant: 0.2 });
    this.source = this.ctx.createMediaStreamSource(stream);
    this.source.connect(this.analyser);
  }

  /** Strongest frequency between 100 Hz and 4 kHz, or 0 when nothing is heard. */
  peakHz(): number {
    const a = this.analyser;
    if (!a || !this.ctx) return 0;
    const bins = new Float32Array(a.frequencyBinCount);
    a.getFloatFrequencyData(bins);
    const hzPerBin = this.ctx.sampleRate / FFT_SIZE;
    let best = -1;
    let bestDb = -Infinity;
    for (let i = Math.ceil(100 / hzPerBin); i < Math.min(bins.length, 4000 / hzPerBin); i++) {
      const db = bins[i] ?? -Infinity;
      if (db > bestDb) {
        bestDb = db;
        best = i;
      }
    }
    return best < 0 || bestDb < -90 ? 0 : best * hzPerBin;
  }

  /** RMS level 0..1 of the current window. */
  level(): number {
    const a = this.analyser;
    if (!a) return 0;
    const buf = new Float32Array(a.fftSize);
    a.getFloatTimeDomainData(buf);
    let sum = 0;
    for (const v of buf) sum += v * v;
    return Math.sqrt(sum / buf.length);
  }

  detach(): void {
    this.source?.disconnect();
    this.source = null;
  }
}
