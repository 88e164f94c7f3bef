// test-file-timeout: 2 min
// Issue 13's media health warning: a browser agent is in a call; rtpengine stops forwarding
// the caller's audio to the agent for 4 s (block media): the page warns that no audio arrives
// within about 3 s, and the warning goes once audio flows again. The call timer runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_PASSWORDS, eventually, startCenter } from '../../helpers/center.js';
import { NodePhone } from '../../helpers/node-phone.js';
import { callThroughIvr } from '../../helpers/ivr-caller.js';
import { openAgentPage } from '../../helpers/agent-page.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('no audio for 3 s is a warning on the page; it clears when audio returns', { timeout: 120_000 }, async (t) => {
  const c = await startCenter(t);
  const { page } = await openAgentPage(t, c, { username: 'agent1', password: AGENT_PASSWORDS.agent1 });
  await page.click('#go-ready');
  await page.waitForSelector('#agent-state[data-state="available"]');

  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15551234567');
  t.after(() => caller.close());
  const { call } = await callThroughIvr(caller, 440);
  await page.waitForSelector('#call[data-status="ringing"]', { timeout: 10000 });
  await page.click('#answer');
  await page.waitForSelector('#call[data-status="active"]', { timeout: 10000 });
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
