// The hold check for a real desk phone as agent1 (baresip, linphone): a Node caller reaches it
// through the sales queue; the phone holds, then resumes. On hold the caller hears the queue's
// music (energy, not the agent's tone), and tshark at the phone's RTP port counts no packet;
// after resume the caller hears the agent's tone and the phone receives RTP again.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_PASSWORDS, eventually, startCenter } from '../../e2e/helpers/center.js';
import { NodePhone } from '../../e2e/helpers/node-phone.js';
import type { SipClient, SipClientOptions } from '../../helpers/sip-client.js';
import { agentIdOf, DEMO_NUMBER, reposOf, routeDemoNumber } from '../../sip/calls/helpers/call-rig.js';
import { AGENT_HZ, CALLER_HZ, heard, sleep } from '../../sip/calls/helpers/bridged-call.js';
import { captureUdpTo } from './rtp-capture.js';

export interface RealAgent {
  start(t: TestContext, opts: SipClientOptions): Promise<SipClient>;
  /** The port the phone receives RTP on, read from its own SDP in its log. */
  rtpPort(log: string): number | undefined;
}

/** Runs the hold and resume; returns the hold offer's form as the server logged it. */
export async function agentHoldsAndResumes(t: TestContext, phone: RealAgent): Promise<string> {
  const c = await startCenter(t);
  const repos = reposOf(c);
  const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(sales);
  await routeDemoNumber(repos, { type: 'queue', id: sales.id });
  const dir = mkdtempSync(join(tmpdir(), 'sb-real-hold-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const mic = join(dir, 'agent.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', mic, 'synth', '5', 'sine', String(AGENT_HZ), 'vol', '0.5']);
  const agent = await phone.start(t, { name: 'agent1', user: 'agent1', password: AGENT_PASSWORDS.agent1, server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' }, playFile: mic, codecs: ['PCMU'] });
  await agent.registered();
  await c.sb.acd.agentLogin(await agentIdOf(repos, 'agent1'));
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550005555');
  t.after(() => caller.close());
  const answered = agent.answerNext(20_000);
  const call = await caller.call(DEMO_NUMBER);
  caller.rtp.start(CALLER_HZ);
  await answered;
  const port = await eventually(async () => phone.rtpPort(agent.log()), 5000, "the phone's RTP port in its SDP");
  const wire = await captureUdpTo(t, port);
  await sleep(2000);
  const tTalk = Date.now();
  const talk = heard(caller, tTalk - 1000, tTalk);
  assert.ok(Math.abs(talk.peakHz - AGENT_HZ) < 30, `the caller hears the agent (${talk.peakHz} Hz)`);

  await agent.hold();
  await eventually(async () => (c.logs.some((l) => l.msg === 'agent put the call on hold') ? true : undefined), 5000, `the hold\n${agent.log().slice(-3000)}`);
  const tHold = Date.now();
  await sleep(3000);
  const tEnd = Date.now();
  const music = heard(caller, tHold + 500, tEnd);
  t.diagnostic(`on hold: the caller hears rms ${music.rms} at ${music.peakHz} Hz`);
  assert.ok(music.rms > 200 && Math.abs(music.peakHz - AGENT_HZ) > 30, `the caller hears music (${JSON.stringify(music)})`);

  await agent.resume();
  await eventually(async () => (c.logs.some((l) => l.msg === 'agent resumed the call') ? true : undefined), 5000, 'the resume');
  const tResume = Date.now();
  await sleep(2500);
  const tBack = Date.now();
  const back = heard(caller, tResume + 700, tBack);
  assert.equal(await call.hangup(), 'SIP/2.0 200 OK');
  await agent.waitEvent('closed', 10_000);
  assert.ok(Math.abs(back.peakHz - AGENT_HZ) < 30, `after resume the caller hears the agent (${back.peakHz} Hz)`);

  // tshark hands packets over late under load; their capture times are exact, so count now.
  await sleep(1500);
  const talking = wire.count(tTalk - 1000, tTalk);
  const onHold = wire.count(tHold + 500, tEnd);
  const resumed = wire.count(tResume + 700, tBack);
  t.diagnostic(`RTP packets at the phone's port ${port}: ${talking} in the last second of talk, ${onHold} in ${tEnd - tHold - 500} ms of hold, ${resumed} in ${tBack - tResume - 700} ms after resume`);
  assert.ok(talking > 20, `the phone receives the caller's RTP while talking (${talking} packets in 1 s)`);
  assert.equal(onHold, 0, 'the holding phone receives no RTP');
  assert.ok(resumed > 20, `after resume the phone receives the caller again (${resumed})`);
  return String(c.logs.find((l) => l.msg === 'agent put the call on hold')?.offered);
}
