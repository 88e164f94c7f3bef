// A bridged caller/agent call (anchorIvr, offerToAgent, bridge: as the call center connects
// them) moves into the mixer with no new SDP to either phone (same ports: callerToMixer and
// agentToMixer re-pair rtpengine monologues only), and a third party called from the mixer
// (offerFromMixer) joins: each hears the other two and not itself; with one gone the two
// remaining still hear each other.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMedia, sleep, type MediaFixture } from '../../tools/fixture.js';
import { Mixer, mixes } from '../../../../media/index.js';
import { hears, describeHeard, type Party } from '../parties.js';

describe('mixer: a connected call becomes a conference', { timeout: 30_000 }, () => {
  let fx: MediaFixture;
  const mixer = new Mixer();
  before(async () => {
    fx = await startMedia();
  });
  after(async () => {
    mixer.close();
    await fx?.close();
  });

  test('caller and agent re-anchored without new SDP; the target joins; each hears the other two', async () => {
    const callerEp = await fx.endpoint();
    const agentEp = await fx.endpoint();
    const callerAnswer = await fx.media.anchorIvr('cc', 'caller', callerEp.sdp());
    callerEp.setRemote(callerAnswer);
    const toAgent = await fx.media.offerToAgent('cc');
    agentEp.setRemote(toAgent);
    await fx.media.bridge('cc', 'agent', agentEp.sdp());
    callerEp.start(440);
    agentEp.start(1000);
    await sleep(600);

    await fx.media.callerToMixer('cc', mixer, 'caller');
    await fx.media.agentToMixer('cc', mixer, 'agent');
    const targetEp = await fx.endpoint();
    targetEp.setRemote(await fx.media.offerFromMixer('cc~t', mixer, 'target'));
    await fx.media.answerMixerLeg('cc~t', mixer, targetEp.sdp());
    targetEp.start(1700);
    mixer.setMatrix(mixes.conference(['caller', 'agent', 'target']));
    const parties: Party[] = [
      { id: 'caller', callId: 'cc', endpoint: callerEp, freq: 440 },
      { id: 'agent', callId: 'cc', endpoint: agentEp, freq: 1000 },
      { id: 'target', callId: 'cc~t', endpoint: targetEp, freq: 1700 },
    ];
    const freqs = parties.map((p) => p.freq);
    const t0 = Date.now();
    await sleep(1500);
    for (const p of parties) {
      for (const o of parties) assert.equal(hears(p, o.freq, t0 + 400), o !== p, `${p.id} <- ${o.id}: ${describeHeard(p, freqs, t0 + 400)}`);
    }

    mixer.removeParty('agent');
    mixer.setMatrix(mixes.conference(['caller', 'target']));
    const t1 = Date.now();
    await sleep(1200);
    assert.ok(hears(parties[0]!, 1700, t1 + 300) && !hears(parties[0]!, 1000, t1 + 300), describeHeard(parties[0]!, freqs, t1 + 300));
    assert.ok(hears(parties[2]!, 440, t1 + 300) && !hears(parties[2]!, 1000, t1 + 300), describeHeard(parties[2]!, freqs, t1 + 300));
    await fx.media.deleteCall('cc');
    await fx.media.deleteCall('cc~t');
  });
});
