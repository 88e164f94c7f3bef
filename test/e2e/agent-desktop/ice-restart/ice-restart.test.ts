// test-file-timeout: 2 min
// Issue 13's "reconnect with ICE restart after a network change": a browser agent is in a
// call; the browser's network goes away and comes back (Chrome's network emulation, which fires
// the `offline`/`online` events a real change does). The softphone re-INVITEs with an ICE
// restart offer — new ICE credentials, seen by rtpengine — the center answers it without
// re-INVITEing the caller, and audio flows both ways on the renegotiated path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startCenter } from '../../helpers/center.js';
import { browserAgentInCall } from '../../helpers/agent-page.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const ufragOf = (sdp: string): string | undefined => /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1];

test('after a network change the agent\'s browser restarts ICE and the call\'s audio goes on', { timeout: 120_000 }, async (t) => {
  const c = await startCenter(t);
  const media = c.sb.media;
  // The agent leg's SDP as the browser gave it: its answer (the bridge), then any re-offer.
  const agentSdps: { kind: 'answer' | 'offer'; sdp: string }[] = [];
  const realOffer = media.anchorOffer.bind(media);
  const realBridge = media.bridge.bind(media);
  media.anchorOffer = (callId, leg, sdp, options) => {
    if (leg === 'agent') agentSdps.push({ kind: 'offer', sdp });
    return realOffer(callId, leg, sdp, options);
  };
  media.bridge = (callId, leg, sdp, options) => {
    agentSdps.push({ kind: 'answer', sdp });
    return realBridge(callId, leg, sdp, options);
  };

  const { page, caller, call } = await browserAgentInCall(t, c);
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  await sleep(1500);
  const first = agentSdps.find((s) => s.kind === 'answer');
  assert.ok(first && ufragOf(first.sdp), 'the browser answered with ICE credentials');
  const reInvitesToCaller = caller.startLines.filter((l) => l.startsWith('INVITE ')).length;

  // The network goes away and comes back.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const network = (offline: boolean) => cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await network(true);
  await sleep(300);
  const tBack = Date.now();
  await network(false);

  // The page says so while the re-INVITE is out (the attribute is read as it changes).
  const mediaStates: string[] = [];
  const watch = setInterval(() => { void page.getAttribute('#call', 'data-media').then((v) => { if (v && mediaStates.at(-1) !== v) mediaStates.push(v); }, () => undefined); }, 10);
  t.after(() => clearInterval(watch));
  await eventually(async () => (consoleLines.some((l) => l.includes('renegotiated with an ICE restart')) ? true : undefined), 10_000, 'the softphone renegotiated the media');
  console.log(`ice restart: renegotiated ${Date.now() - tBack} ms after the network came back`);
  const reoffer = agentSdps.find((s) => s.kind === 'offer');
  assert.ok(reoffer, 'the re-offer reached rtpengine');
  assert.notEqual(ufragOf(reoffer.sdp), ufragOf(first.sdp), 'new ICE credentials: an ICE restart');
  assert.equal(await page.getAttribute('#call', 'data-status'), 'active', 'the call is still up');
  assert.equal(caller.startLines.filter((l) => l.startsWith('INVITE ')).length, reInvitesToCaller, 'the caller got no re-INVITE');

  // Audio both ways after the restart: the caller hears the agent's fake microphone, the page hears the caller.
  await sleep(1500);
  const tAfter = Date.now();
  await sleep(1500);
  const heard = caller.rtp.received.filter((p) => p.at >= tAfter && p.payloadType === 0).length;
  assert.ok(heard >= 50, `the caller receives the agent's audio after the restart (${heard} packets in 1.5 s)`);
  assert.equal(await page.getAttribute('#call', 'data-media'), 'ok', 'the page receives the caller\'s audio');
  assert.equal(await page.getAttribute('#media-reconnecting', 'hidden'), '', 'the reconnecting line is gone');
  console.log(`ice restart: the page's media states ${mediaStates.join(' → ')}`);
  assert.equal(await call.hangup(), 'SIP/2.0 200 OK');
});
