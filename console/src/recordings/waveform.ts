// A recording's audio for the timeline: the WAV decoded with WebAudio (an OfflineAudioContext
// at the file's own 8 kHz, so a long call is not resampled to 48 kHz floats in memory), then
// reduced to one min/max pair per pixel column of each channel.
export interface Waveform {
  /** Seconds of audio decoded. */
  duration: number;
  /** Per channel, per column: [min, max] in -1..1. */
  channels: [number, number][][];
}

const RATE = 8000;

export async function decodeWaveform(bytes: ArrayBuffer, columns: number): Promise<Waveform> {
  const context = new OfflineAudioContext(2, 1, RATE);
  const audio = await context.decodeAudioData(bytes);
  const channels: [number, number][][] = [];
  for (let c = 0; c < audio.numberOfChannels; c++) channels.push(peaks(audio.getChannelData(c), columns));
  return { duration: audio.duration, channels };
}

function peaks(samples: Float32Array, columns: number): [number, number][] {
  const out: [number, number][] = [];
  const per = samples.length / columns;
  for (let i = 0; i < columns; i++) {
    let min = 0;
    let max = 0;
    const end = Math.min(samples.length, Math.floor((i + 1) * per));
    for (let j = Math.floor(i * per); j < end; j++) {
      const v = samples[j] ?? 0;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    out.push([min, max]);
  }
  return out;
}
