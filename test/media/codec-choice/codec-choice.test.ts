// The codec rules of codec-offer.ts on their own (pure SDP logic): which codec the caller's
// leg runs on, what the IVR's dummy peer answers, what the agent is offered and which part
// of an agent's answer is kept.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { agentCodecOptions, callerCodec, firstCodecOnly, ivrPeerAnswer, offeredCodecs, onlyCodec } from '../../../media/codec-offer.js';

const sdp = (m: string, attrs: string[]): string => ['v=0', 'o=x 1 1 IN IP4 127.0.0.1', 's=x', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio 4000 RTP/AVP ${m}`, ...attrs, 'a=sendrecv', ''].join('\r\n');
const mLine = (s: string): string => /^m=audio \S+ \S+ (.*)$/m.exec(s)?.[1]?.trim() ?? '';

describe('codec choice', { timeout: 10_000 }, () => {
  test('the caller runs on its first codec rtpengine can handle; a browser on PCMU as before', () => {
    const g722 = sdp('9 0 101', ['a=rtpmap:101 telephone-event/8000']);
    assert.equal(callerCodec(g722, false)?.name, 'G722', 'static payload types without rtpmap are known');
    assert.equal(callerCodec(sdp('18 8 0', []), false)?.name, 'PCMA', 'G.729 is skipped (rtpengine 10.5 cannot encode it)');
    assert.equal(callerCodec(sdp('18', []), false), null, 'nothing in common: PCMU as before');
    const browser = sdp('111 0 8', ['a=rtpmap:111 opus/48000/2']);
    assert.equal(callerCodec(browser, true)?.name, 'PCMU');
    assert.equal(callerCodec(sdp('111', ['a=rtpmap:111 opus/48000/2']), true)?.name, 'opus');
  });

  test('the IVR peer answers the caller\'s codec with every telephone-event offered, sendrecv', () => {
    const offered = sdp('96 0 101 102', ['a=rtpmap:96 opus/48000/2', 'a=rtpmap:101 telephone-event/8000', 'a=rtpmap:102 telephone-event/48000']);
    const answer = ivrPeerAnswer(offered, { pt: 111, name: 'opus', rate: 48000, channels: 2 });
    assert.equal(mLine(answer), '96 101 102', 'renumbered to rtpengine\'s payload type, telephone-event at 8 and 48 kHz');
    assert.match(answer, /^a=rtpmap:96 opus\/48000\/2$/m);
    assert.match(answer, /^a=sendrecv$/m);
    assert.throws(() => ivrPeerAnswer(offered, { pt: 9, name: 'G722', rate: 8000 }), /G722/);
  });

  test('the agent offer keeps the caller\'s codec and telephone-events only, then the common set', () => {
    const caller = sdp('9 0 8 101', ['a=rtpmap:9 G722/8000', 'a=rtpmap:0 PCMU/8000', 'a=fmtp:0 x=1', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15']);
    const base = onlyCodec(caller, { pt: 9, name: 'G722', rate: 8000 });
    assert.equal(mLine(base), '9 101');
    assert.doesNotMatch(base, /PCMU|a=fmtp:0/);
    assert.match(base, /a=fmtp:101 0-15/);
    assert.deepEqual(agentCodecOptions({ pt: 9, name: 'G722', rate: 8000 }, false), { codec: { transcode: ['PCMU', 'PCMA', 'opus'] } });
    assert.deepEqual(agentCodecOptions({ pt: 0, name: 'PCMU', rate: 8000 }, true), {}, 'a browser gets what it got before');
  });

  test('an agent answering several codecs is kept to its first one', () => {
    const answer = sdp('0 8 9 96 101', ['a=rtpmap:0 PCMU/8000', 'a=rtpmap:96 opus/48000/2', 'a=rtpmap:101 telephone-event/8000']);
    const kept = firstCodecOnly(answer);
    assert.equal(mLine(kept), '0 101');
    assert.deepEqual(offeredCodecs(kept).map((c) => c.name), ['PCMU', 'telephone-event']);
  });
});
