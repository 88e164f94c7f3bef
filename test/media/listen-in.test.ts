// Listen-in: one call's audio forked to a third leg (a supervisor) with one m= line per party;
// the parties hear nothing of it, and stopping ends the fork.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startMedia, sleep, type MediaFixture } from './tools/fixture.js';
import { peakFrequency } from './tools/spectrum.js';
import { audioSections, plainAudioSdp } from '../../media/sdp.js';

let fx: MediaFixture;
before(async () => {
  fx = await startMedia();
});
after(async () => {
  await fx?.close();
});

test('listen-in: the supervisor hears both parties, the parties hear only each other', async () => {
  const a = await fx.endpoint();
  const b = await fx.endpoint();
  b.setRemote(await fx.media.anchorOffer('l-1', 'caller', a.sdp()));
  a.setRemote(await fx.media.anchorAnswer('l-1', 'agent', b.sdp()));
  a.start(440);
  b.start(1000);
  await sleep(200);

  const hearCaller = await fx.endpoint();
  const hearAgent = await fx.endpoint();
  const offer = await fx.media.listenIn('l-1');
  const sections = audioSections(offer.sdp);
  assert.equal(sections.length, 2, 'one m= line per party');
  assert.match(offer.sdp, /a=sendonly/);
  await fx.media.listenInAnswer('l-1', offer.listenerTag, plainAudioSdp('127.0.0.1', [hearCaller.port, hearAgent.port], 'recvonly'));
  const t0 = Date.now();
  await sleep(1200);
  const l1 = hearCaller.samples(t0 + 200);
  const l2 = hearAgent.samples(t0 + 200);
  assert.ok(l1.length > 4000 && l2.length > 4000, `listener got ${l1.length}/${l2.length} samples`);
  assert.ok(Math.abs(peakFrequency(l1) - 440) <= 10, `first m= line carried ${peakFrequency(l1)} Hz`);
  assert.ok(Math.abs(peakFrequency(l2) - 1000) <= 10, `second m= line carried ${peakFrequency(l2)} Hz`);
  // The parties still get one stream each (no extra SSRC), with the other party's tone.
  for (const [ep, freq] of [[a, 1000], [b, 440]] as const) {
    const recent = ep.received.filter((p) => p.at > t0 + 200);
    assert.equal(new Set(recent.map((p) => p.ssrc)).size, 1);
    assert.ok(Math.abs(peakFrequency(ep.samples(t0 + 200)) - freq) <= 10);
  }
  await fx.media.stopListenIn('l-1', offer.listenerTag);
  const stoppedAt = Date.now();
  await sleep(500);
  assert.equal(hearCaller.received.filter((p) => p.at > stoppedAt + 100).length, 0, 'fork still running after stop');
  await fx.media.deleteCall('l-1');
});
