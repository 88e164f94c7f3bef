// Streams 16-bit PCM to a WAV file: a header with placeholder sizes first, samples appended as
// they come, sizes patched on close. Lets the recorder write long calls without holding them.
// Recordings are 0640 (owner and the operator's group, never others): set with fchmod, since
// the server's umask 077 would otherwise strip the group bit.
import { openSync, writeSync, closeSync, fchmodSync } from 'node:fs';

export const recordingFileMode = 0o640;

export class WavWriter {
  private readonly fd: number;
  private dataBytes = 0;

  constructor(readonly path: string, readonly channels: number, readonly sampleRate: number, mode = recordingFileMode) {
    this.fd = openSync(path, 'w', mode);
    fchmodSync(this.fd, mode);
    writeSync(this.fd, this.header());
  }

  /** Appends interleaved samples (frames × channels). */
  write(interleaved: Int16Array): void {
    if (interleaved.length === 0) return;
    const buf = Buffer.from(interleaved.buffer, interleaved.byteOffset, interleaved.byteLength);
    writeSync(this.fd, buf);
    this.dataBytes += buf.length;
  }

  get frames(): number {
    return this.dataBytes / 2 / this.channels;
  }

  close(): void {
    writeSync(this.fd, this.header(), 0, 44, 0);
    closeSync(this.fd);
  }

  private header(): Buffer {
    const h = Buffer.alloc(44);
    h.write('RIFF', 0, 'latin1');
    h.writeUInt32LE(36 + this.dataBytes, 4);
    h.write('WAVEfmt ', 8, 'latin1');
    h.writeUInt32LE(16, 16);
    h.writeUInt16LE(1, 20); // PCM
    h.writeUInt16LE(this.channels, 22);
    h.writeUInt32LE(this.sampleRate, 24);
    h.writeUInt32LE(this.sampleRate * this.channels * 2, 28);
    h.writeUInt16LE(this.channels * 2, 32);
    h.writeUInt16LE(16, 34);
    h.write('data', 36, 'latin1');
    h.writeUInt32LE(this.dataBytes, 40);
    return h;
  }
}
