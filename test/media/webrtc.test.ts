// Must-show 5: a WebRTC-shaped offer (ICE + DTLS) bridged to a plain RTP leg, both call
// directions. Checks the SDPs: a browser gets fingerprint, ICE, rtcp-mux and its mid, and no
// BUNDLE requirement (10.5 emits none; browsers keep bundlePolicy 'balanced'); a phone gets
// plain RTP/AVP with nothing of WebRTC it cannot parse. Real browser audio is proven in the
// end-to-end call issue.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startMedia, type MediaFixture } from './tools/fixture.js';
import { browserSdp } from './tools/browser-sdp.js';

let fx: MediaFixture;
before(async () => {
  fx = await startMedia();
});
after(async () => {
  await fx?.close();
});

function assertBrowserShaped(sdp: string, setup: RegExp): void {
  assert.match(sdp, /m=audio \d+ UDP\/TLS\/RTP\/SAVPF /);
  assert.match(sdp, /a=fingerprint:sha-\d+ [0-9A-F:]+/i);
  assert.match(sdp, setup);
  assert.match(sdp, /a=ice-ufrag:\S+/);
  assert.match(sdp, /a=ice-pwd:\S+/);
  assert.match(sdp, /a=candidate:\S+ 1 UDP \d+ 127\.0\.0\.1 \d+ typ host/i);
  assert.match(sdp, /a=rtcp-mux/);
  assert.match(sdp, /a=mid:\S+/);
  assert.doesNotMatch(sdp, /a=crypto:/, 'SDES keys offered to a browser');
}

function assertPlain(sdp: string): void {
  assert.match(sdp, /m=audio \d+ RTP\/AVP [\d ]*\b0\b/);
  assert.match(sdp, /a=rtpmap:0 PCMU\/8000/);
  for (const line of ['a=fingerprint', 'a=ice-', 'a=candidate', 'a=setup', 'a=extmap:', 'a=group:BUNDLE']) assert.ok(!sdp.includes(line), `plain SDP carries ${line}`);
}

test('browser offers, a phone answers', async () => {
  const phone = await fx.endpoint();
  const toPhone = await fx.media.anchorOffer('w-1', 'browser', browserSdp(phone.port + 1, { setup: 'actpass', mid: 'audio0' }), { webrtc: true });
  assertPlain(toPhone);
  phone.setRemote(toPhone);
  const toBrowser = await fx.media.anchorAnswer('w-1', 'phone', phone.sdp());
  // rtpengine takes the DTLS client role when it answers a browser (passive is unreliable).
  assertBrowserShaped(toBrowser, /a=setup:active/);
  assert.match(toBrowser, /a=mid:audio0/);
  assert.match(toBrowser, /a=rtpmap:0 PCMU\/8000/);
  await fx.media.deleteCall('w-1');
});

test('Switchboard offers a phone caller to a browser', async () => {
  const phone = await fx.endpoint();
  const toBrowser = await fx.media.anchorOffer('w-2', 'phone', phone.sdp(), { towardWebrtc: true });
  assertBrowserShaped(toBrowser, /a=setup:actpass/);
  assert.doesNotMatch(toBrowser, /a=group:BUNDLE/);
  const toPhone = await fx.media.anchorAnswer('w-2', 'browser', browserSdp(phone.port + 1, { setup: 'active' }), { webrtc: true });
  assertPlain(toPhone);
  await fx.media.deleteCall('w-2');
});

test('an opus-only browser is offered to a phone with PCMU added (transcoding)', async () => {
  const phone = await fx.endpoint();
  const toPhone = await fx.media.anchorOffer('w-3', 'browser', browserSdp(phone.port + 1, { setup: 'actpass', opusOnly: true }), { webrtc: true });
  assertPlain(toPhone);
  phone.setRemote(toPhone);
  const toBrowser = await fx.media.anchorAnswer('w-3', 'phone', phone.sdp());
  assert.match(toBrowser, /m=audio \d+ UDP\/TLS\/RTP\/SAVPF 111\b/);
  assert.match(toBrowser, /a=rtpmap:111 opus\/48000/);
  assert.doesNotMatch(toBrowser, /PCMU/);
  await fx.media.deleteCall('w-3');
});

test('the IVR anchors a browser caller, then bridges it to a browser agent', async () => {
  const toCaller = await fx.media.anchorIvr('w-4', 'caller', browserSdp(40000, { setup: 'actpass' }), { webrtc: true });
  assertBrowserShaped(toCaller, /a=setup:active/);
  const toAgent = await fx.media.offerToAgent('w-4', { webrtc: true });
  assertBrowserShaped(toAgent, /a=setup:actpass/);
  const back = await fx.media.bridge('w-4', 'agent', browserSdp(40002, { setup: 'active' }), { webrtc: true });
  assertBrowserShaped(back, /a=setup:active/);
  // Same port and ICE credentials toward the caller: its ICE pair and DTLS session stay valid.
  for (const re of [/m=audio (\d+)/, /a=ice-ufrag:(\S+)/, /a=fingerprint:(.+)/]) assert.equal(back.match(re)?.[1], toCaller.match(re)?.[1], `caller SDP changed: ${re.source}`);
  await fx.media.deleteCall('w-4');
});

test('a browser supervisor gets a WebRTC-shaped listen-in offer', async () => {
  const a = await fx.endpoint();
  const b = await fx.endpoint();
  b.setRemote(await fx.media.anchorOffer('w-5', 'caller', a.sdp()));
  a.setRemote(await fx.media.anchorAnswer('w-5', 'agent', b.sdp()));
  const offer = await fx.media.listenIn('w-5', { webrtc: true });
  assertBrowserShaped(offer.sdp, /a=setup:actpass/);
  assert.equal(offer.sdp.match(/m=audio/g)?.length, 2);
  assert.match(offer.sdp, /a=sendonly/);
  await fx.media.deleteCall('w-5');
});
