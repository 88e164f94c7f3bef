// Digits the caller presses while talking to an agent reach the agent's desk phone, with real
// clients on both sides: a linphone caller sending SIP INFO reaches a linphone agent as the same
// INFO (relayed in the agent's dialog), and a baresip caller's RFC 4733 digit reaches a
// linphone agent through rtpengine.
// test-file-timeout: 3 min
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_PASSWORDS, eventually, startCenter } from '../../e2e/helpers/center.js';
import { startBaresip } from '../../helpers/baresip.js';
import { startLinphone } from '../../helpers/linphone.js';
import type { SipClient, SipClientOptions } from '../../helpers/sip-client.js';
import { agentIdOf, DEMO_NUMBER, reposOf, routeDemoNumber } from '../../sip/calls/helpers/call-rig.js';
import { sleep } from '../../sip/calls/helpers/bridged-call.js';

type Start = (t: TestContext, o: SipClientOptions) => Promise<SipClient>;

async function callerToAgent(t: TestContext, startCaller: Start, startAgent: Start, dtmf: 'info' | 'rfc4733'): Promise<{ caller: SipClient; agent: SipClient }> {
  const c = await startCenter(t);
  const repos = reposOf(c);
  const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(sales);
  await routeDemoNumber(repos, { type: 'queue', id: sales.id });
  const dir = mkdtempSync(join(tmpdir(), 'sb-dtmf-agent-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const mic = join(dir, 'tone.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', mic, 'synth', '5', 'sine', '440', 'vol', '0.5']);
  const server = { host: '127.0.0.1', port: c.sipPort, transport: 'udp' as const };
  const agent = await startAgent(t, { name: 'agent1', user: 'agent1', password: AGENT_PASSWORDS.agent1, server, playFile: mic, codecs: ['PCMU'] });
  await agent.registered();
  await c.sb.acd.agentLogin(await agentIdOf(repos, 'agent1'));
  const caller = await startCaller(t, { name: 'caller', user: '+15551230001', password: 'unused', register: false, dtmf, playFile: mic, codecs: ['PCMU'], server });
  const answered = agent.answerNext(20_000);
  await caller.dial(`sip:${DEMO_NUMBER}@127.0.0.1:${c.sipPort}`);
  await answered;
  await sleep(1000);
  return { caller, agent };
}

test('a linphone caller\'s INFO digit reaches the linphone agent as INFO', { timeout: 80_000 }, async (t) => {
  // (linphone as the agent too: baresip refuses an offer whose o= line is IPv6, as linphone's is)
  const { caller, agent } = await callerToAgent(t, startLinphone, startLinphone, 'info');
  await caller.sendDtmf('5');
  const info = await eventually(async () => /INFO sip:[^\n]*\n(?:[^\n]*\n)*?Content-Type: application\/dtmf-relay[\s\S]*?Signal=5/i.exec(agent.log())?.[0], 5000, `the INFO at the agent's linphone\n${agent.log().slice(-3000)}`);
  t.diagnostic(`at the agent: ${info.split('\n')[0]?.trim()}`);
  await caller.hangup();
});

test('a baresip caller\'s RFC 4733 digit reaches the linphone agent', { timeout: 80_000 }, async (t) => {
  const { caller, agent } = await callerToAgent(t, startBaresip, startLinphone, 'rfc4733');
  await caller.sendDtmf('7');
  const line = await eventually(async () => /^.*Receiving dtmf 7\b.*$/m.exec(agent.log())?.[0], 5000, `the digit at linphone\n${agent.log().slice(-4000)}`);
  t.diagnostic(`at the agent: ${line.trim()}`);
  await caller.hangup();
});
