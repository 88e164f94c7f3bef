// media_encryption 'optional' on an agent: its desk phone is offered opportunistic SRTP
// (RFC 8643: RTP/AVP with a=crypto). A phone that does SRTP (baresip mediaenc=srtp) answers
// with a=crypto and the agent leg is encrypted; a phone without SRTP ignores the a=crypto and
// the call is plain. Both answer a queue call with audio both ways (spectrum in the phones'
// recordings).
// test-file-timeout: 4 min
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { join } from 'node:path';
import { startCenter, AGENT_PASSWORDS } from '../../e2e/helpers/center.js';
import { apiCall, login } from '../../e2e/helpers/api.js';
import { startBaresip } from '../../helpers/baresip.js';
import { peakFrequency } from '../../media/tools/spectrum.js';
import { readWav } from '../../media/tools/wav.js';
import { setAgentEncryption, tail, tone, workDir } from '../helpers/srtp-call.js';

const CALLER_HZ = 440;
const AGENT_HZ = 1000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The SDP bodies of the INVITE the agent phone got and of its 200 OK, from its SIP trace (baresip -s). */
function agentSdps(log: string): { offer: string; answer: string } {
  // Each traced message starts with its first line and ends at the trace's colour reset.
  const messages = log.split(/\[;m/);
  const body = (m: string | undefined): string => m?.slice(m.indexOf('v=0')) ?? '';
  const offer = messages.find((m) => /INVITE sip:agent1/.test(m) && m.includes('v=0'));
  const answer = messages.find((m) => /SIP\/2\.0 200 /.test(m) && /CSeq: \d+ INVITE/.test(m) && m.includes('v=0'));
  return { offer: body(offer), answer: body(answer) };
}

describe("agent media_encryption 'optional'", { timeout: 200_000 }, () => {
  for (const phone of ['srtp', 'plain'] as const) {
    test(`a ${phone === 'srtp' ? 'phone that does SRTP takes it' : 'phone without SRTP stays plain'}; audio both ways`, { timeout: 90_000 }, async (t) => {
      const c = await startCenter(t);
      const dir = workDir(t, `srtp-optional-${phone}`);
      await setAgentEncryption(c, 'agent1', 'optional');
      const agent = await startBaresip(t, {
        name: `agent1-${phone}`, user: 'agent1', password: AGENT_PASSWORDS.agent1, ...(phone === 'srtp' ? { srtp: 'optional' as const } : {}),
        server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' }, playFile: tone(dir, 'agent', AGENT_HZ), recordFile: join(dir, 'agent-heard.wav'),
      });
      await agent.registered();
      assert.equal((await apiCall<{ state: string }>(c, await login(c, 'agent1', AGENT_PASSWORDS.agent1), '/me/state', { state: 'available' })).state, 'available');
      const answered = agent.answerNext(25_000);
      const caller = await startBaresip(t, {
        name: 'caller', user: '+15551234567', password: 'unused', register: false,
        server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' }, playFile: tone(dir, 'caller', CALLER_HZ), recordFile: join(dir, 'caller-heard.wav'),
      });
      await caller.dial(`sip:15550100@127.0.0.1:${c.sipPort}`);
      await caller.waitEvent('established', 10_000);
      await sleep(1500);
      await caller.sendDtmf('1');
      await answered;
      await sleep(3500);
      await caller.hangup();
      await agent.waitEvent('closed', 10_000);

      const { offer, answer } = agentSdps(agent.log());
      assert.match(offer, /m=audio \d+ RTP\/AVP /, `offer:\n${offer}`);
      assert.match(offer, /a=crypto:\d+ AES_CM_128_HMAC_SHA1_80 /, 'the offer carries a=crypto (opportunistic)');
      if (phone === 'srtp') assert.match(answer, /a=crypto:\d+ AES_CM_128_HMAC_SHA1_/, `the SRTP phone answers with a=crypto:\n${answer}`);
      else assert.doesNotMatch(answer, /a=crypto/, `the plain phone answers without a=crypto:\n${answer}`);

      const heardByCaller = tail(readWav(join(dir, 'caller-heard.wav')).channels[0] ?? new Int16Array());
      const heardByAgent = tail(readWav(join(dir, 'agent-heard.wav')).channels[0] ?? new Int16Array());
      assert.ok(Math.abs(peakFrequency(heardByCaller) - AGENT_HZ) < 30, `caller hears the agent: peak ${peakFrequency(heardByCaller)} Hz`);
      assert.ok(Math.abs(peakFrequency(heardByAgent) - CALLER_HZ) < 30, `agent hears the caller: peak ${peakFrequency(heardByAgent)} Hz`);
    });
  }
});
