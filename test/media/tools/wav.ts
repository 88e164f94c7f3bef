// Reads a 16-bit PCM WAV into one Int16Array per channel (for checking recordings).
import { readFileSync } from 'node:fs';

export interface WavData {
  channels: Int16Array[];
  sampleRate: number;
}

export function readWav(path: string): WavData {
  const buf = readFileSync(path);
  if (buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') throw new Error(`${path}: not a WAV`);
  let pos = 12;
  let channelCount = 0;
  let sampleRate = 0;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('latin1', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    if (id === 'fmt ') {
      channelCount = buf.readUInt16LE(pos + 10);
      sampleRate = buf.readUInt32LE(pos + 12);
    } else if (id === 'data') {
      const frames = Math.floor(size / 2 / channelCount);
      const channels = Array.from({ length: channelCount }, () => new Int16Array(frames));
      for (let f = 0; f < frames; f++) {
        for (let c = 0; c < channelCount; c++) {
          const ch = channels[c];
          if (ch) ch[f] = buf.readInt16LE(pos + 8 + (f * channelCount + c) * 2);
        }
      }
      return { channels, sampleRate };
    }
    pos += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}
