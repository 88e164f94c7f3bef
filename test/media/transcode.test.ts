// opus ↔ PCMU transcoding where the two sides share no codec: an opus-only endpoint offers,
// rtpengine adds PCMU for the PCMU-only answerer, and each side hears the other's tone.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startMedia, sleep, type MediaFixture } from './tools/fixture.js';
import { peakFrequency } from './tools/spectrum.js';
import { OpusEndpoint } from './tools/opus-endpoint.js';
import { readWav } from './tools/wav.js';
import { plainAudioSdp } from '../../media/sdp.js';

let fx: MediaFixture;
let opus: OpusEndpoint | undefined;
before(async () => {
  fx = await startMedia();
});
after(async () => {
  opus?.close();
  await fx?.close();
});

test('opus-only caller bridged to a PCMU-only agent: both hear each other, both are recorded and listened to', async () => {
  opus = await OpusEndpoint.open();
  const pcmu = await fx.endpoint();
  const toAgent = await fx.media.anchorOffer('t-1', 'caller', opus.sdp());
  assert.match(toAgent, /m=audio \d+ RTP\/AVP 111 0\b/, 'PCMU added to the opus-only offer');
  pcmu.setRemote(toAgent);
  const toCaller = await fx.media.anchorAnswer('t-1', 'agent', pcmu.sdp().replace(/ 101\r\n/, '\r\n'));
  assert.match(toCaller, /m=audio \d+ RTP\/AVP 111\b/);
  assert.doesNotMatch(toCaller, /PCMU/);
  opus.setRemote(toCaller);
  opus.start(700);
  pcmu.start(1300);
  // The transcoder and the wasm codec warm up at their own pace on a busy machine: wait until
  // both sides have had a second of audio, then look at the last second.
  const deadline = Date.now() + 8000;
  let t0 = Date.now();
  while (Date.now() < deadline) {
    await sleep(250);
    t0 = Date.now() - 1000;
    if (pcmu.samples(t0).length >= 7000 && opus.samples8k(t0).length >= 7000) break;
  }
  const atAgent = pcmu.samples(t0);
  const atCaller = opus.samples8k(t0);
  assert.ok(atAgent.length > 4000 && atCaller.length > 4000, `audio: agent ${atAgent.length}, caller ${atCaller.length}`);
  assert.ok(Math.abs(peakFrequency(atAgent) - 700) <= 10, `PCMU side heard ${peakFrequency(atAgent)} Hz`);
  assert.ok(Math.abs(peakFrequency(atCaller) - 1300) <= 10, `opus side heard ${peakFrequency(atCaller)} Hz`);

  // The recorder asks for PCMU only, so rtpengine transcodes the opus party's fork too.
  const rec = await fx.media.startRecording('t-1');
  await sleep(1200);
  const info = await rec.stop();
  const [fromCaller, fromAgent] = readWav(info.path).channels;
  assert.ok(fromCaller && fromAgent);
  assert.ok(Math.abs(peakFrequency(fromCaller.subarray(1600)) - 700) <= 10, `recorded opus party at ${peakFrequency(fromCaller.subarray(1600))} Hz`);
  assert.ok(Math.abs(peakFrequency(fromAgent.subarray(1600)) - 1300) <= 10);

  // A PCMU supervisor phone listening in hears the opus party too.
  const hearCaller = await fx.endpoint();
  const hearAgent = await fx.endpoint();
  const offer = await fx.media.listenIn('t-1');
  await fx.media.listenInAnswer('t-1', offer.listenerTag, plainAudioSdp('127.0.0.1', [hearCaller.port, hearAgent.port], 'recvonly', null));
  const t1 = Date.now();
  await sleep(1200);
  assert.ok(Math.abs(peakFrequency(hearCaller.samples(t1 + 300)) - 700) <= 10, `listener heard the opus party at ${peakFrequency(hearCaller.samples(t1 + 300))} Hz`);
  assert.ok(Math.abs(peakFrequency(hearAgent.samples(t1 + 300)) - 1300) <= 10);
  await fx.media.deleteCall('t-1');
});
