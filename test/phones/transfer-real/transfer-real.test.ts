// test-file-timeout: 3 min
// Issue 12: a real desk phone from Debian (baresip, linphone) as agent1 blind-transfers the
// caller by REFER to extension 1002: the center carries it out (202, NOTIFY 200, BYE to the
// phone), agent2's phone rings and answers, and the caller hears agent2 — not agent1 — by
// spectrum. The phone's call is closed; the record's agent1 leg ended as `transferred`.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../../e2e/helpers/center.js';
import { realTransferScene } from '../helpers/real-transfer-rig.js';
import { startBaresip } from '../../helpers/baresip.js';
import { startLinphone } from '../../helpers/linphone.js';
import type { SipClient, SipClientOptions } from '../../helpers/sip-client.js';
import { agentIdOf, completedCall, DEMO_NUMBER } from '../../sip/calls/helpers/call-rig.js';
import { AGENT_HZ, CALLER_HZ, heard, sleep } from '../../sip/calls/helpers/bridged-call.js';

const AGENT2_HZ = 1300;

async function transfersByRefer(t: TestContext, start: (t: TestContext, o: SipClientOptions) => Promise<SipClient>): Promise<void> {
  const { c, repos, agent1, agent2, caller } = await realTransferScene(t, start, { callerNumber: '+15550005555' });

  const answered = agent1.answerNext(20_000);
  const call = await caller.call(DEMO_NUMBER);
  caller.rtp.start(CALLER_HZ);
  await answered;
  await sleep(2000);
  const talk = heard(caller, Date.now() - 1000, Date.now());
  assert.ok(Math.abs(talk.peakHz - AGENT_HZ) < 30, `the caller hears agent1 (${talk.peakHz} Hz)`);

  const agent2Answered = agent2.answerNext(300);
  await agent1.transfer(`sip:1002@127.0.0.1:${c.sipPort}`);
  await eventually(async () => (c.logs.some((l) => l.msg === 'call transferred') ? true : undefined), 10_000, `the transfer\n${agent1.log().slice(-3000)}`);
  await agent1.waitEvent('closed', 10_000);
  const agent2Call = await agent2Answered;
  agent2.rtp.start(AGENT2_HZ);
  await sleep(2000);
  const after = heard(caller, Date.now() - 1000, Date.now());
  assert.ok(Math.abs(after.peakHz - AGENT2_HZ) < 30, `the caller hears agent2 after the transfer (${after.peakHz} Hz)`);
  assert.equal(await call.hangup(), 'SIP/2.0 200 OK');
  await agent2Call.ended;
  const row = await completedCall(repos);
  const legs = await repos.calls.legs(row.id);
  const agent1Id = await agentIdOf(repos, 'agent1');
  assert.equal(legs.find((l) => l.role === 'agent' && l.agent_id === agent1Id && l.answered_at)?.hangup_cause, 'transferred');
}

test('baresip blind-transfers by REFER: agent2 takes the caller', { timeout: 80_000 }, (t) => transfersByRefer(t, startBaresip));
test('linphone blind-transfers by REFER: agent2 takes the caller', { timeout: 80_000 }, (t) => transfersByRefer(t, startLinphone));
