// A G.722 caller and a G.722 agent talk in G.722 end to end, untouched by rtpengine: the IVR
// answers the caller in its own codec (not PCMU), the agent is offered that codec first, and
// the packets each side receives carry payload type 9 with the very bytes and SSRC the other
// side sent (a transcoded packet would be re-encoded by rtpengine, under an SSRC of its own).
// An agent that has only PCMU still finds it in the offer and is transcoded, the caller keeping
// G.722 without a re-INVITE.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startMedia, sleep, type MediaFixture } from '../tools/fixture.js';
import { RawRtpEndpoint } from '../tools/raw-rtp.js';
import type { NgValue } from '../../../media/index.js';

const G722 = ['a=rtpmap:9 G722/8000', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15'];
const mLine = (sdp: string): string => /^m=audio \d+ RTP\/AVP ([\d ]+)/m.exec(sdp)?.[1] ?? '';

/** The media flags rtpengine reports for a monologue of the call (`transcoding` appears when it transcodes). */
async function mediaFlags(fx: MediaFixture, callId: string, tag: string): Promise<string[]> {
  const reply = await fx.media.ngFor(callId).command('query', { 'call-id': callId });
  const tags = reply.tags as Record<string, { medias?: { flags?: NgValue[] }[] }>;
  return (tags[tag]?.medias?.[0]?.flags ?? []).map(String);
}

describe('G.722 end to end', { timeout: 60_000 }, () => {
  let fx: MediaFixture;
  const endpoints: RawRtpEndpoint[] = [];
  const open = async (): Promise<RawRtpEndpoint> => {
    const e = await RawRtpEndpoint.open();
    endpoints.push(e);
    return e;
  };
  before(async () => {
    fx = await startMedia();
  });
  after(async () => {
    for (const e of endpoints) e.close();
    await fx?.close();
  });

  test('G.722 caller and G.722 agent: payload type 9 both ways, bytes and SSRC untouched', async () => {
    const caller = await open();
    const agent = await open();
    const toCaller = await fx.media.anchorIvr('g722-1', 'caller', caller.sdp([9, 0, 101], G722));
    assert.equal(mLine(toCaller), '9 101', 'the IVR answers the caller in G.722, not PCMU');
    caller.setRemote(toCaller);
    const fromCaller = randomBytes(160);
    const fromAgent = randomBytes(160);
    caller.start(9, () => fromCaller);

    const toAgent = await fx.media.offerToAgent('g722-1');
    assert.match(mLine(toAgent), /^9 0 8 /, `the agent is offered G.722 first, then PCMU and PCMA: ${mLine(toAgent)}`);
    assert.match(toAgent, /a=rtpmap:\d+ opus\/48000/, 'opus is in the common set too');
    agent.setRemote(toAgent);
    await fx.media.bridge('g722-1', 'agent', agent.sdp([9, 101], ['a=rtpmap:9 G722/8000', 'a=rtpmap:101 telephone-event/8000']));
    agent.start(9, () => fromAgent);
    const t0 = Date.now() + 300;
    await sleep(1300);

    const atAgent = agent.received.filter((p) => p.at >= t0);
    const atCaller = caller.received.filter((p) => p.at >= t0);
    assert.ok(atAgent.length >= 30 && atCaller.length >= 30, `packets: agent ${atAgent.length}, caller ${atCaller.length}`);
    assert.ok(atAgent.every((p) => p.payloadType === 9), `agent got payload types ${[...new Set(atAgent.map((p) => p.payloadType))].join(',')}`);
    assert.ok(atCaller.every((p) => p.payloadType === 9), `caller got payload types ${[...new Set(atCaller.map((p) => p.payloadType))].join(',')}`);
    assert.ok(atAgent.every((p) => p.payload.equals(fromCaller) && p.ssrc === caller.ssrc), 'the agent gets the caller\'s G.722 bytes under its SSRC (no re-encoding)');
    assert.ok(atCaller.every((p) => p.payload.equals(fromAgent) && p.ssrc === agent.ssrc), 'the caller gets the agent\'s G.722 bytes under its SSRC (no re-encoding)');
    const flags = await mediaFlags(fx, 'g722-1', 'caller');
    assert.ok(!flags.includes('transcoding'), `rtpengine reports no transcoding: ${flags.join(',')}`);
    console.log(`caller monologue flags without transcoding: ${flags.join(',')}`);
  });

  test('G.722 caller and a PCMU-only agent: the agent finds PCMU, the caller keeps G.722 (transcoded)', async () => {
    const caller = await open();
    const agent = await open();
    const toCaller = await fx.media.anchorIvr('g722-2', 'caller', caller.sdp([9, 0, 101], G722));
    caller.setRemote(toCaller);
    caller.start(9, () => randomBytes(160));
    const toAgent = await fx.media.offerToAgent('g722-2');
    agent.setRemote(toAgent);
    const bridged = await fx.media.bridge('g722-2', 'agent', agent.sdp([0, 101], ['a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000']));
    assert.equal(mLine(bridged), '9 101', 'the caller side stays G.722 (it gets no re-INVITE)');
    const fromAgent = Buffer.alloc(160, 0x55);
    agent.start(0, () => fromAgent);
    const t0 = Date.now() + 300;
    await sleep(1300);
    const atAgent = agent.received.filter((p) => p.at >= t0);
    const atCaller = caller.received.filter((p) => p.at >= t0);
    assert.ok(atAgent.length >= 30 && atAgent.every((p) => p.payloadType === 0), `the agent gets PCMU (${atAgent.length} packets)`);
    assert.ok(atCaller.length >= 30 && atCaller.every((p) => p.payloadType === 9 && !p.payload.equals(fromAgent)), `the caller gets G.722 encoded by rtpengine (${atCaller.length} packets)`);
    const flags = await mediaFlags(fx, 'g722-2', 'caller');
    console.log(`caller monologue flags with transcoding: ${flags.join(',')}`);
    assert.ok(flags.includes('transcoding'), `rtpengine reports transcoding here: ${flags.join(',')}`);
  });
});
