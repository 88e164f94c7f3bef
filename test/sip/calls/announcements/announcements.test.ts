// Queue announcements: a waiting caller hears its position on entry and every announce
// interval, spoken with TTS while the music pauses; the expected wait is announced only once
// the queue can estimate it (after a call was handled to its end), never made up: here A is
// still talking when B and C wait, so they hear their position only. Once A's call has ended
// and B is answered, C (moved to first) hears "first" and its estimated wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter, eventually } from '../../../e2e/helpers/center.js';
import { NodePhone } from '../../../e2e/helpers/node-phone.js';
import { rms } from '../../../media/tools/spectrum.js';
import type { PromptSource } from '../../../../media/index.js';
import { DEMO_NUMBER, readyAgent, reposOf, routeDemoNumber } from '../helpers/call-rig.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('waiting callers hear their position, and no expected wait before one can be estimated', { timeout: 90_000 }, async (t) => {
  const c = await startCenter(t);
  const repos = reposOf(c);
  const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(sales);
  await repos.queues.update(sales.id, { announce_interval_seconds: 4 });
  await c.sb.acd.reload();
  await routeDemoNumber(repos, { type: 'queue', id: sales.id });

  // Every prompt the center plays, by caller number: the announcements and the music.
  const media = c.sb.media;
  const played: { callId: string; source: PromptSource; at: number }[] = [];
  const realPlay = media.playPrompt.bind(media);
  media.playPrompt = (callId, leg, source, options) => {
    played.push({ callId, source, at: Date.now() });
    return realPlay(callId, leg, source, options);
  };
  const spoken = (callId: string) => played.filter((p) => p.callId === callId && 'text' in p.source).map((p) => ('text' in p.source ? p.source.text : ''));
  const callIdOf = async (from: string) => eventually(async () => (await repos.calls.search({ limit: 10, number: from })).items[0]?.id, 5000, `the call of ${from}`);

  const { phone: agent } = await readyAgent(c, 'agent1');
  const [a, b, cc] = await Promise.all(['+15550008001', '+15550008002', '+15550008003'].map((n) => NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, n)));
  t.after(() => { agent.close(); a?.close(); b?.close(); cc?.close(); });
  assert.ok(a && b && cc);

  // A is answered at once: the agent is then busy; no call has been handled to its end yet.
  const answered = agent.answerNext(300);
  const callA = await a.call(DEMO_NUMBER);
  await answered;
  const idA = await callIdOf('+15550008001');
  assert.deepEqual(spoken(idA), [], 'no announcement while an agent is being rung');

  const callB = await b.call(DEMO_NUMBER);
  const tB = Date.now();
  b.rtp.start(440);
  const idB = await callIdOf('+15550008002');
  await eventually(async () => (spoken(idB).length === 1 ? true : undefined), 10_000, 'B hears an announcement on entry');
  assert.deepEqual(spoken(idB), ['You are first in line.'], 'no estimate without a handled call');

  const callC = await cc.call(DEMO_NUMBER);
  const idC = await callIdOf('+15550008003');
  await eventually(async () => (spoken(idC).length === 1 ? true : undefined), 10_000, 'C hears an announcement on entry');
  assert.equal(spoken(idC)[0], 'You are caller number 2 in the queue.');

  // The interval: both hear it again, with their positions.
  await eventually(async () => (spoken(idC).length >= 2 && spoken(idB).length >= 2 ? true : undefined), 10_000, 'the interval announcement');
  assert.equal(spoken(idB)[1], 'You are first in line.');
  assert.match(spoken(idC)[1] ?? '', /^You are caller number 2 in the queue\./);
  // Music resumes after each announcement (its loop is played again). The interval
  // announcement has only started when it is counted as spoken: its music follows it.
  const musicStarts = (): number => played.filter((p) => p.callId === idB && 'file' in p.source && p.at > tB).length;
  await eventually(async () => (musicStarts() >= 2 ? true : undefined), 10_000, "B's music restarted after the announcements (two music starts after B entered)");
  // The caller hears it: audio energy on B's side throughout (speech, then music).
  await sleep(500);
  assert.ok(rms(b.rtp.samples(tB + 500, tB + 2500)) > 200, 'B hears the announcement');

  // A's call is handled to its end: now the queue can estimate. B goes to the agent; C, next
  // in line, hears at the next interval that it is first, and its estimated wait.
  const answeredB = agent.answerNext(200);
  await callA.hangup();
  await answeredB;
  const heardBefore = spoken(idC).length;
  const firstWithWait = await eventually(async () => spoken(idC).slice(heardBefore).find((text) => text.startsWith('You are first in line. Your estimated wait is ')), 15_000, 'C, moved to first, hears its estimated wait');
  assert.match(firstWithWait, /Your estimated wait is (less than a minute|about .+ minutes?)\.$/);
  // Logged once the announcement has been played to its end.
  await eventually(async () => (c.logs.some((l) => l.msg === 'queue announcement played' && l.callId === idC && typeof l.estimatedWaitSeconds === 'number') ? true : undefined), 15_000, 'the estimate in the log');

  for (const call of [callB, callC]) await call.hangup();
  await eventually(async () => (c.sb.callCenter.calls.size === 0 ? true : undefined), 10_000, 'every call ended');
});
