// Must-show 1: two Node RTP endpoints, each sending its own PCMU tone, bridged through a real
// rtpengine; each must receive the other's frequency (spectrum check). Also the IVR-first
// flow: caller anchored to a dummy peer, then bridged to an agent with the caller's ports unchanged.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startMedia, sleep, type MediaFixture } from './tools/fixture.js';
import { peakFrequency, goertzelPower } from './tools/spectrum.js';

let fx: MediaFixture;
before(async () => {
  fx = await startMedia();
});
after(async () => {
  await fx?.close();
});

test('relay: offer/answer bridges two PCMU endpoints, each hears the other tone', async () => {
  const a = await fx.endpoint();
  const b = await fx.endpoint();
  const toB = await fx.media.anchorOffer('relay-1', 'caller', a.sdp());
  b.setRemote(toB);
  const toA = await fx.media.anchorAnswer('relay-1', 'agent', b.sdp());
  a.setRemote(toA);
  a.start(440);
  b.start(1000);
  const t0 = Date.now();
  await sleep(1500);
  const atA = a.samples(t0 + 300);
  const atB = b.samples(t0 + 300);
  assert.ok(atA.length > 4000 && atB.length > 4000, `too little audio: A ${atA.length}, B ${atB.length}`);
  assert.ok(Math.abs(peakFrequency(atA) - 1000) <= 10, `A heard ${peakFrequency(atA)} Hz`);
  assert.ok(Math.abs(peakFrequency(atB) - 440) <= 10, `B heard ${peakFrequency(atB)} Hz`);
  // Not its own tone echoed back.
  assert.ok(goertzelPower(atA, 440) < goertzelPower(atA, 1000) / 100);
  await fx.media.deleteCall('relay-1');
});

test('relay: caller anchored to the IVR first, then bridged to an agent', async () => {
  const caller = await fx.endpoint();
  const agent = await fx.endpoint();
  const answer = await fx.media.anchorIvr('relay-2', 'caller', caller.sdp());
  caller.setRemote(answer);
  caller.start(600);
  await sleep(300);
  const offer = await fx.media.offerToAgent('relay-2');
  agent.setRemote(offer);
  // The caller keeps its ports: no re-INVITE is needed (a browser caller's ICE pair stays valid).
  const callerSdp = await fx.media.bridge('relay-2', 'agent', agent.sdp());
  assert.equal(callerSdp.match(/m=audio (\d+)/)?.[1], answer.match(/m=audio (\d+)/)?.[1], 'caller-facing port moved');
  agent.start(1200);
  const t0 = Date.now();
  await sleep(1500);
  assert.ok(Math.abs(peakFrequency(caller.samples(t0 + 300)) - 1200) <= 10);
  assert.ok(Math.abs(peakFrequency(agent.samples(t0 + 300)) - 600) <= 10);
  // The IVR's dummy monologue is gone: only the caller and the agent hold ports.
  const query = await fx.media.ngFor('relay-2').command('query', { 'call-id': 'relay-2' });
  const tags = query.tags as Record<string, { medias: { streams: { 'local port'?: number }[] }[] }>;
  const withPorts = Object.entries(tags).filter(([, t]) => t.medias.some((m) => m.streams.some((st) => st['local port'] !== undefined))).map(([tag]) => tag);
  assert.equal(withPorts.length, 2, `monologues holding ports: ${withPorts.join(', ')}`);
  await fx.media.deleteCall('relay-2');
});

test('relay: the agent puts the caller on hold and back with re-offers', async () => {
  const caller = await fx.endpoint();
  const agent = await fx.endpoint();
  agent.setRemote(await fx.media.anchorOffer('relay-3', 'caller', caller.sdp()));
  caller.setRemote(await fx.media.anchorAnswer('relay-3', 'agent', agent.sdp()));
  caller.start(500);
  agent.start(1500);
  const toCaller = await fx.media.anchorOffer('relay-3', 'agent', agent.sdp('sendonly'));
  assert.match(toCaller, /a=sendonly/);
  assert.match(await fx.media.anchorAnswer('relay-3', 'caller', caller.sdp('recvonly')), /a=recvonly/);
  const resumed = await fx.media.anchorOffer('relay-3', 'agent', agent.sdp());
  assert.match(resumed, /a=sendrecv/);
  await fx.media.anchorAnswer('relay-3', 'caller', caller.sdp());
  const t0 = Date.now();
  await sleep(1000);
  assert.ok(Math.abs(peakFrequency(caller.samples(t0 + 200)) - 1500) <= 10);
  assert.ok(Math.abs(peakFrequency(agent.samples(t0 + 200)) - 500) <= 10);
  await fx.media.deleteCall('relay-3');
});

test('overlapping port ranges of two instances are refused at start', async () => {
  const { MediaServer } = await import('../../media/index.js');
  const media = new MediaServer({
    workDir: fx.workDir,
    maxCalls: 10,
    instances: [
      { name: 'x', interfaces: [{ address: '127.0.0.1' }], ngPort: 1, portMin: 40000 },
      { name: 'y', interfaces: [{ address: '127.0.0.1' }], ngPort: 2, portMin: 40100 },
    ],
  });
  await assert.rejects(media.start(), /overlap/);
});
