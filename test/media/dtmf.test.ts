// Must-show 3: RFC 4733 digits and in-band tones from one endpoint arrive as events for that
// leg, in order, once each (even with recording forks attached, which make rtpengine report a
// digit once per sink); digits injected by the server are never reported as a party's;
// SIP INFO digits join the same stream.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startMedia, sleep, type MediaFixture } from './tools/fixture.js';
import type { DtmfEvent } from '../../media/index.js';
import type { RtpEndpoint } from './tools/rtp-endpoint.js';

let fx: MediaFixture;
let a: RtpEndpoint;
let b: RtpEndpoint;
let events: DtmfEvent[] = [];
before(async () => {
  fx = await startMedia();
  fx.media.on('dtmf', (e) => events.push(e));
  a = await fx.endpoint();
  b = await fx.endpoint();
  b.setRemote(await fx.media.anchorOffer('d-1', 'caller', a.sdp(), { inbandDtmf: true, injectDtmf: true }));
  a.setRemote(await fx.media.anchorAnswer('d-1', 'agent', b.sdp()));
  a.start(0);
  b.start(0);
  await sleep(200);
});
after(async () => {
  await fx?.close();
});

test('RFC 4733 and in-band digits: right leg, in order, no duplicates', async () => {
  const rec = await fx.media.startRecording('d-1');
  a.sendRfc4733Digit('1');
  a.sendRfc4733Digit('2');
  a.sendInbandDigit('3');
  a.sendRfc4733Digit('#');
  a.sendInbandDigit('5');
  a.sendInbandDigit('5');
  a.sendRfc4733Digit('*');
  await sleep(2500);
  await rec.stop();
  const got = events.filter((e) => e.callId === 'd-1');
  assert.deepEqual(got.map((e) => e.digit).join(''), '123#55*');
  assert.ok(got.every((e) => e.legTag === 'caller'));
  assert.deepEqual(got.map((e) => e.source), ['rfc4733', 'rfc4733', 'inband', 'rfc4733', 'inband', 'inband', 'rfc4733']);
  // RFC 4733 digits also pass through to the agent.
  assert.ok(b.received.some((p) => p.event === 1), 'agent did not get the RFC 4733 digits');
});

test('injected digits reach the other party and are not reported as anyone\'s', async () => {
  events = [];
  const t0 = Date.now();
  await fx.media.sendDtmf('d-1', 'agent', '9');
  await fx.media.sendDtmf('d-1', 'caller', '7');
  await sleep(600);
  assert.ok(a.received.some((p) => p.at > t0 && p.event === 9), 'caller did not receive the injected 9');
  assert.deepEqual(events, [], `injected digits reported: ${JSON.stringify(events)}`);
  // A real digit right after is still reported.
  a.sendRfc4733Digit('7');
  await sleep(600);
  assert.deepEqual(events.map((e: DtmfEvent) => [e.legTag, e.digit]), [['caller', '7']]);
});

test('SIP INFO digits join the same stream', () => {
  events = [];
  fx.media.reportInfoDigit('d-1', 'agent', '4');
  assert.deepEqual(events.map((e) => [e.legTag, e.digit, e.source]), [['agent', '4', 'info']]);
});
