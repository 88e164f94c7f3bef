// A 3-party conference through real rtpengine and the mixer: each party sends its own tone and
// hears the other two, never itself; one leaves and the other two keep hearing each other.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMedia, sleep, type MediaFixture } from '../../tools/fixture.js';
import { Mixer, mixes } from '../../../../media/index.js';
import { joinParty, hears, describeHeard } from '../parties.js';

describe('mixer: 3-party conference', { timeout: 30_000 }, () => {
  let fx: MediaFixture;
  const mixer = new Mixer();
  before(async () => {
    fx = await startMedia();
  });
  after(async () => {
    mixer.close();
    await fx?.close();
  });

  test('each hears the other two, not itself; after one leaves the two still hear each other', async () => {
    const a = await joinParty(fx, mixer, 'a', 440, 'conf');
    const b = await joinParty(fx, mixer, 'b', 1000, 'conf');
    const c = await joinParty(fx, mixer, 'c', 1700, 'conf');
    const freqs = [440, 1000, 1700];
    mixer.setMatrix(mixes.conference(['a', 'b', 'c']));
    const t0 = Date.now();
    await sleep(1500);
    for (const p of [a, b, c]) {
      const info = describeHeard(p, freqs, t0 + 400);
      for (const other of [a, b, c]) assert.equal(hears(p, other.freq, t0 + 400), other !== p, info);
    }
    // Stable SSRC out: one per party for the whole call.
    assert.equal(new Set(a.endpoint.received.map((r) => r.ssrc)).size, 1);

    await fx.media.deleteCall(c.callId);
    mixer.removeParty('c');
    c.endpoint.stop();
    mixer.setMatrix(mixes.conference(['a', 'b']));
    const t1 = Date.now();
    await sleep(1200);
    assert.ok(hears(a, 1000, t1 + 300) && !hears(a, 1700, t1 + 300), describeHeard(a, freqs, t1 + 300));
    assert.ok(hears(b, 440, t1 + 300) && !hears(b, 1700, t1 + 300), describeHeard(b, freqs, t1 + 300));
    await fx.media.deleteCall(a.callId);
    await fx.media.deleteCall(b.callId);
  });
});
