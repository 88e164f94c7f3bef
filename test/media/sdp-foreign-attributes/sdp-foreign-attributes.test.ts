// The SDP offered to an agent carries nothing of the caller's own RTP stack: no a=tool, no
// a=ssrc … cname, no a=msid, not the caller's o= user or session name; and a phone answering
// a browser caller's re-offer gets none of the browser's WebRTC-only lines either.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMedia, type MediaFixture } from '../tools/fixture.js';
import { RawRtpEndpoint } from '../tools/raw-rtp.js';
import { scrubForeign } from '../../../media/sdp-scrub.js';

const FOREIGN = /^(a=tool|a=ssrc|a=ssrc-group|a=msid|a=msid-semantic|a=extmap|a=label)\b/m;

describe('SDP cleaned of the other side\'s attributes', { timeout: 60_000 }, () => {
  let fx: MediaFixture;
  const endpoints: RawRtpEndpoint[] = [];
  before(async () => {
    fx = await startMedia();
  });
  after(async () => {
    for (const e of endpoints) e.close();
    await fx?.close();
  });

  test('a baresip-shaped caller: the agent offer has no a=tool, a=ssrc, a=msid or caller origin', async () => {
    const caller = await RawRtpEndpoint.open();
    endpoints.push(caller);
    const sdp = caller.sdp([0, 101], ['a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=ssrc:3735928559 cname:caller@example.net', 'a=ssrc-group:FID 1 2', 'a=msid:stream track', 'a=label:1'], ['a=tool:baresip 1.0.0', 'a=msid-semantic: WMS stream'])
      .replace('o=raw 1 1', 'o=baresip 4242 1').replace('s=raw', 's=baresip');
    await fx.media.anchorIvr('scrub-1', 'caller', sdp);
    const toAgent = await fx.media.offerToAgent('scrub-1');
    assert.doesNotMatch(toAgent, FOREIGN, `foreign attribute in the agent offer:\n${toAgent}`);
    assert.doesNotMatch(toAgent, /baresip|caller@example\.net/, `caller's names leak:\n${toAgent}`);
    assert.match(toAgent, /^o=switchboard 4242 /m, 'origin session id kept (RFC 3264), user replaced');
    assert.match(toAgent, /^a=rtpmap:0 PCMU\/8000/m, 'the media description itself is intact');
  });

  test('toward a browser, rtpengine\'s own ICE/DTLS/mid lines stay; toward a phone, WebRTC-only lines go', () => {
    const fromRtpengine = ['v=0', 'o=x 1 1 IN IP4 1.2.3.4', 's=x', 't=0 0', 'a=tool:x', 'm=audio 4000 UDP/TLS/RTP/SAVPF 111', 'a=mid:0', 'a=ice-ufrag:u', 'a=candidate:1 1 UDP 2 1.2.3.4 4000 typ host',
      'a=fingerprint:sha-256 AA', 'a=setup:actpass', 'a=rtcp-mux', 'a=rtcp-fb:111 transport-cc', 'a=ssrc:1 cname:c', 'a=msid:s t', ''].join('\r\n');
    const browser = scrubForeign(fromRtpengine, true);
    for (const kept of ['a=mid:0', 'a=ice-ufrag:u', 'a=candidate:', 'a=fingerprint:', 'a=setup:actpass', 'a=rtcp-mux', 'a=rtcp-fb:']) assert.ok(browser.includes(kept), `${kept} kept toward a browser`);
    assert.doesNotMatch(browser, FOREIGN);
    const phone = scrubForeign(fromRtpengine, false);
    assert.doesNotMatch(phone, /^a=(mid|rtcp-fb)\b/m);
    assert.doesNotMatch(phone, FOREIGN);
  });
});
