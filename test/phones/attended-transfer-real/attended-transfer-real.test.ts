// test-file-timeout: 2 min
// Issue 12: Debian's linphone as agent1 does an attended transfer the way a desk phone does:
// it answers a queue call, calls extension 1002 (the caller is put on hold: music), talks to
// agent2, then transfers the first call to the second (REFER with Replaces). The center
// answers 202 and NOTIFY 200, joins the caller and agent2 with no re-INVITE to either, and
// hangs up both of linphone's calls; the caller hears agent2 and agent2 the caller, by
// spectrum (a Replaces naming no call is refused: test/e2e/transfer/consult-transfer). The record
// ends with agent2, agent1's leg `transferred`, the consult call closed as replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../../e2e/helpers/center.js';
import { realTransferScene } from '../helpers/real-transfer-rig.js';
import { startLinphone } from '../../helpers/linphone.js';
import { agentIdOf, DEMO_NUMBER } from '../../sip/calls/helpers/call-rig.js';
import { AGENT_HZ, CALLER_HZ, heard, sleep } from '../../sip/calls/helpers/bridged-call.js';
import { goertzelPower, rms } from '../../media/tools/spectrum.js';

const AGENT2_HZ = 1300;
/** Not 127.0.0.1: the demo's loopback trunk takes that address's INVITEs as a carrier's, and linphone's call to 1002 must be a phone's (digest-checked). */
const PHONE_ADDRESS = '127.0.0.3';

test('linphone attended-transfers by REFER with Replaces: the caller and agent2 talk, linphone\'s two calls end', { timeout: 100_000 }, async (t) => {
  const { c, repos, agent1, agent2, caller } = await realTransferScene(t, startLinphone, { callerNumber: '+15550006666', localAddress: PHONE_ADDRESS });

  // 1. The queue call reaches linphone.
  const answered = agent1.answerNext(20_000);
  const call = await caller.call(DEMO_NUMBER);
  caller.rtp.start(CALLER_HZ);
  await answered;
  await sleep(1500);
  const talk = heard(caller, Date.now() - 1000, Date.now());
  assert.ok(Math.abs(talk.peakHz - AGENT_HZ) < 30, `the caller hears agent1 (${talk.peakHz} Hz)`);

  // 2. linphone holds the caller (music), calls extension 1002; agent2 answers.
  await agent1.hold();
  await eventually(async () => (c.logs.some((l) => l.msg === 'agent put the call on hold') ? true : undefined), 5000, 'the hold');
  const agent2Answered = agent2.answerNext(300);
  await agent1.dial(`sip:1002@127.0.0.1:${c.sipPort}`);
  const agent2Call = await agent2Answered.catch((err: Error) => {
    throw new Error(`${err.message}\n--- linphone ---\n${agent1.log().slice(-4000)}`);
  });
  agent2.rtp.start(AGENT2_HZ);
  await agent1.waitEvent('established', 10_000);
  await sleep(1500);
  const consult = agent2.rtp.samples(Date.now() - 1000);
  assert.ok(goertzelPower(consult, AGENT_HZ) > 100 * goertzelPower(consult, CALLER_HZ), 'agent2 hears agent1, not the caller');
  const held = caller.rtp.samples(Date.now() - 1000);
  assert.ok(rms(held) > 200 && goertzelPower(held, AGENT2_HZ) < goertzelPower(held, 392) + goertzelPower(held, 523), 'the held caller hears music, not agent2');

  // 3. The attended transfer: REFER with Replaces in the caller's dialog.
  await agent1.attendedTransfer(1, 2);
  await eventually(async () => (c.logs.some((l) => l.msg === 'call transferred by the agent\'s phone (REFER with Replaces)') ? true : undefined), 10_000, `the transfer\n${agent1.log().slice(-4000)}`);
  await agent1.waitEvent('closed', 10_000);
  await agent1.waitEvent('closed', 10_000);
  await sleep(2000);
  const after = heard(caller, Date.now() - 1000, Date.now());
  assert.ok(Math.abs(after.peakHz - AGENT2_HZ) < 30, `the caller hears agent2 after the transfer (${after.peakHz} Hz)`);
  const agent2Hears = heard(agent2, Date.now() - 1000, Date.now());
  assert.ok(Math.abs(agent2Hears.peakHz - CALLER_HZ) < 30, `agent2 hears the caller (${agent2Hears.peakHz} Hz)`);

  // 4. The caller hangs up: agent2 gets the BYE; the records tell the story.
  assert.equal(await call.hangup(), 'SIP/2.0 200 OK');
  await agent2Call.ended;
  const agent1Id = await agentIdOf(repos, 'agent1');
  const agent2Id = await agentIdOf(repos, 'agent2');
  const rows = await eventually(async () => {
    const all = (await repos.calls.search({ limit: 10 })).items;
    return all.length === 2 && all.every((r) => r.status === 'completed') ? all : undefined;
  }, 10_000, 'both calls completed');
  const queueCall = rows.find((r) => r.direction === 'inbound');
  const internal = rows.find((r) => r.direction === 'internal');
  assert.ok(queueCall && internal, JSON.stringify(rows));
  assert.equal(queueCall.agent_id, agent2Id, 'agent2 had the caller at the end');
  assert.equal(internal.hangup_cause, 'replaced by an attended transfer');
  const legs = await repos.calls.legs(queueCall.id);
  assert.equal(legs.find((l) => l.role === 'agent' && l.agent_id === agent1Id && l.answered_at)?.hangup_cause, 'transferred', JSON.stringify(legs));
  assert.equal(legs.find((l) => l.role === 'agent' && l.agent_id === agent2Id)?.hangup_cause, 'caller hung up', JSON.stringify(legs));
});
