// test-file-timeout: 2 min
// Issue 13's media health warning: a browser agent is in a call; rtpengine stops forwarding
// the caller's audio to the agent for 4 s (block media): the page warns that no audio arrives
// within about 3 s, and the warning goes once audio flows again. The call timer runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startCenter } from '../../helpers/center.js';
import { browserAgentInCall } from '../../helpers/agent-page.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('no audio for 3 s is a warning on the page; it clears when audio returns', { timeout: 120_000 }, async (t) => {
  const c = await startCenter(t);
  const { page, call } = await browserAgentInCall(t, c);
  await sleep(2500);
  assert.equal(await page.getAttribute('#call', 'data-media'), 'ok', 'audio flows');
  assert.match((await page.textContent('#call-timer')) ?? '', /^00:0[1-9]$/, 'the call timer runs');

  const callId = [...c.sb.callCenter.calls.keys()][0] ?? '';
  const tBlock = Date.now();
  await c.sb.media.blockMedia(callId, 'caller', true);
  await page.waitForSelector('#media-warning:not([hidden])', { timeout: 6000 });
  const shownAfter = Date.now() - tBlock;
  console.log(`media health: the warning showed ${shownAfter} ms after the caller's audio stopped`);
  assert.ok(shownAfter >= 2500, `not before about 3 s of silence (${shownAfter} ms)`);
  await sleep(Math.max(0, 4000 - (Date.now() - tBlock)));
  await c.sb.media.blockMedia(callId, 'caller', false);
  await eventually(async () => ((await page.getAttribute('#media-warning', 'hidden')) !== null ? true : undefined), 4000, 'the warning cleared');
  assert.equal(await call.hangup(), 'SIP/2.0 200 OK');
});
