// test-file-timeout: 20 s
// A mixer source (media/mixer/mixer.ts addSource): looped PCM heard by whoever the matrix
// says, over the party's real loopback RTP; a source hears nothing, and removing it leaves
// silence, not the last frame repeated.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { Mixer } from '../../../../media/index.js';
import { decodeUlaw } from '../../../../media/g711.js';
import { parseRtp } from '../../../../media/rtp.js';
import { goertzelPower, rms } from '../../tools/spectrum.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('mixer: a looped source', { timeout: 20_000 }, () => {
  test('the listener hears the source by the matrix; no row, no sound', async () => {
    const mixer = new Mixer();
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const heard: { at: number; pcm: Int16Array }[] = [];
    sock.on('message', (m) => {
      const rtp = parseRtp(m);
      if (rtp) heard.push({ at: Date.now(), pcm: decodeUlaw(rtp.payload) });
    });
    try {
      await mixer.addParty('listener');
      mixer.setRemote('listener', '127.0.0.1', sock.address().port);
      // 0.3 s of 1 kHz (not a whole number of frames: the loop wraps mid-frame).
      const tone = Int16Array.from({ length: 2410 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)));
      mixer.addSource('music', tone);
      assert.throws(() => mixer.addSource('music', tone), /already joined/);
      assert.throws(() => mixer.addSource('short', new Int16Array(10)), /at least one frame/);
      mixer.setMatrix({ listener: { music: 1 } });
      const t0 = Date.now();
      await sleep(700);
      const during = concat(heard.filter((h) => h.at > t0 + 100).map((h) => h.pcm));
      assert.ok(during.length >= 8 * 400, `frames arrived: ${during.length} samples`);
      const norm = (32768 ** 2 / 4) * during.length;
      assert.ok(goertzelPower(during, 1000) / norm > 1e-2, 'the listener hears the 1 kHz source');
      mixer.removeParty('music');
      mixer.setMatrix({});
      const t1 = Date.now();
      await sleep(400);
      const after = concat(heard.filter((h) => h.at > t1 + 100).map((h) => h.pcm));
      assert.ok(after.length > 0 && rms(after) < 10, `silence once the source is gone (rms ${rms(after)})`);
    } finally {
      mixer.close();
      sock.close();
    }
  });
});

function concat(parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
