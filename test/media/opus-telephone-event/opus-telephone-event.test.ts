// A caller offering opus/48000 with telephone-event/8000 (baresip's SDP) keeps its
// telephone-event in the IVR's answer, and its RFC 4733 digits at the 8 kHz clock are heard
// by the IVR (before, the answer dropped telephone-event and no digit ever arrived).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMedia, sleep, type MediaFixture } from '../tools/fixture.js';
import { RawRtpEndpoint } from '../tools/raw-rtp.js';
import type { DtmfEvent } from '../../../media/index.js';

/** The audio lines of `m=audio … 96 101` as baresip 1.0.0 with only opus writes them. */
const BARESIP_OPUS = ['a=rtpmap:96 opus/48000/2', 'a=fmtp:96 stereo=1;sprop-stereo=1', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15'];

describe('opus with telephone-event/8000', { timeout: 60_000 }, () => {
  let fx: MediaFixture;
  let caller: RawRtpEndpoint | undefined;
  before(async () => {
    fx = await startMedia();
  });
  after(async () => {
    caller?.close();
    await fx?.close();
  });

  test('the IVR answer keeps telephone-event/8000 next to opus and the digits reach the IVR', async () => {
    caller = await RawRtpEndpoint.open();
    const answer = await fx.media.anchorIvr('opus-te', 'caller', caller.sdp([96, 101], BARESIP_OPUS));
    assert.match(answer, /^m=audio \d+ RTP\/AVP 96 101\r?$/m, `opus and telephone-event answered:\n${answer}`);
    assert.match(answer, /^a=rtpmap:101 telephone-event\/8000/m);
    assert.match(answer, /^a=rtpmap:96 opus\/48000\/2/m);
    caller.setRemote(answer);
    const digits: DtmfEvent[] = [];
    const unsubscribe = fx.media.subscribe('opus-te', { dtmf: (e) => digits.push(e) });
    // Some opus-shaped packets first, so the caller's stream is latched as a phone's would be.
    caller.start(96, () => Buffer.from([0xf8, 0xff, 0xfe]), 960);
    await sleep(200);
    caller.stop();
    for (const d of '1#5') await caller.sendDigit(d, 101, 8000);
    const deadline = Date.now() + 5000;
    while (digits.length < 3 && Date.now() < deadline) await sleep(50);
    unsubscribe();
    assert.deepEqual(digits.map((d) => d.digit), ['1', '#', '5'], 'every RFC 4733 digit reported once');
    assert.ok(digits.every((d) => d.legTag === 'caller' && d.source === 'rfc4733'));
  });
});
