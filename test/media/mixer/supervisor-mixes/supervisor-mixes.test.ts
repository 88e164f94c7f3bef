// Listen, whisper and barge as matrices over one live mixer (real rtpengine): each checked by
// spectrum, silence where nobody should hear; the switch takes effect within 100 ms with no
// re-anchoring (same rtpengine ports, same SSRC out).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMedia, sleep, type MediaFixture } from '../../tools/fixture.js';
import { Mixer, mixes } from '../../../../media/index.js';
import { joinParty, hears, toneIn, describeHeard, type Party } from '../parties.js';

describe('mixer: listen, whisper, barge', { timeout: 40_000 }, () => {
  let fx: MediaFixture;
  const mixer = new Mixer();
  before(async () => {
    fx = await startMedia();
  });
  after(async () => {
    mixer.close();
    await fx?.close();
  });

  test('each mix routes who hears whom; switching live takes under 100 ms', async () => {
    const caller = await joinParty(fx, mixer, 'caller', 440, 'sup');
    const agent = await joinParty(fx, mixer, 'agent', 1000, 'sup');
    const supervisor = await joinParty(fx, mixer, 'supervisor', 1700, 'sup');
    const base = mixes.conference(['caller', 'agent']);
    const monitor = (mode: 'listen' | 'whisper' | 'barge') => mixes.withMonitor(base, { supervisor: 'supervisor', others: ['caller', 'agent'], agents: ['agent'], mode });
    const all = [caller, agent, supervisor];
    const freqs = all.map((p) => p.freq);
    const expect = (from: number, to: number, heard: Record<string, Party[]>): void => {
      for (const p of all) {
        const info = describeHeard(p, freqs, from, to);
        for (const s of all) assert.equal(hears(p, s.freq, from, to), (heard[p.id] ?? []).includes(s), `${p.id} <- ${s.id}: ${info}`);
      }
    };

    mixer.setMatrix(monitor('listen'));
    let t = Date.now();
    await sleep(1200);
    expect(t + 300, Date.now(), { caller: [agent], agent: [caller], supervisor: [caller, agent] });

    mixer.setMatrix(monitor('whisper'));
    const switchedAt = Date.now();
    await sleep(1200);
    expect(switchedAt + 300, Date.now(), { caller: [agent], agent: [caller, supervisor], supervisor: [caller, agent] });
    // When did the agent first hear the supervisor? The first frame after the switch with 1700 Hz.
    const first = agent.endpoint.received.find((r) => r.at >= switchedAt && r.payloadType === 0 && toneIn(r.samples, 1700));
    const latency = (first?.at ?? Infinity) - switchedAt;
    console.log(`mixer: whisper took effect after ${latency} ms`);
    assert.ok(latency < 100, `switch took ${latency} ms`);

    mixer.setMatrix(monitor('barge'));
    t = Date.now();
    await sleep(1200);
    expect(t + 300, Date.now(), { caller: [agent, supervisor], agent: [caller, supervisor], supervisor: [caller, agent] });
    for (const p of all) assert.equal(new Set(p.endpoint.received.map((r) => r.ssrc)).size, 1, `${p.id} saw its SSRC change`);
    for (const p of all) await fx.media.deleteCall(p.callId);
  });
});
