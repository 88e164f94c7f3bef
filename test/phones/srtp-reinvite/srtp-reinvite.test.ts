// Re-INVITEs on a call that is SRTP on both legs (an SDES caller and an agent phone with
// media_encryption 'required', both baresip mediaenc=srtp-mand): the agent holds and resumes,
// then the caller does. Each re-offer is sent to the other leg in that leg's own protocol
// (RTP/SAVP with a=crypto, never a plain RTP/AVP that an SRTP-only phone refuses with 488),
// no SRTP packet fails to decrypt at either phone (the keys each phone was given stay),
// and after both resumes audio flows both ways again (spectrum in the phones' recordings).
// test-file-timeout: 3 min
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { join } from 'node:path';
import { startCenter, AGENT_PASSWORDS } from '../../e2e/helpers/center.js';
import { apiCall, login } from '../../e2e/helpers/api.js';
import { startBaresip } from '../../helpers/baresip.js';
import { peakFrequency } from '../../media/tools/spectrum.js';
import { readWav } from '../../media/tools/wav.js';
import { audioLines, setAgentEncryption, tail, tone, workDir } from '../helpers/srtp-call.js';

const CALLER_HZ = 440;
const AGENT_HZ = 1000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('re-INVITEs on an SRTP call', { timeout: 150_000 }, () => {
  test('agent and caller hold and resume; every SDP stays RTP/SAVP; audio both ways afterwards', { timeout: 120_000 }, async (t) => {
    const c = await startCenter(t);
    const dir = workDir(t, 'srtp-reinvite');
    await setAgentEncryption(c, 'agent1', 'required');
    const agent = await startBaresip(t, {
      name: 'agent1-srtp', user: 'agent1', password: AGENT_PASSWORDS.agent1, srtp: 'mandatory',
      server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' }, playFile: tone(dir, 'agent', AGENT_HZ), recordFile: join(dir, 'agent-heard.wav'),
    });
    await agent.registered();
    assert.equal((await apiCall<{ state: string }>(c, await login(c, 'agent1', AGENT_PASSWORDS.agent1), '/me/state', { state: 'available' })).state, 'available');
    const answered = agent.answerNext(25_000);
    const caller = await startBaresip(t, {
      name: 'srtp-caller', user: '+15551234567', password: 'unused', register: false, srtp: 'mandatory',
      server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' }, playFile: tone(dir, 'caller', CALLER_HZ), recordFile: join(dir, 'caller-heard.wav'),
    });
    await caller.dial(`sip:15550100@127.0.0.1:${c.sipPort}`);
    await caller.waitEvent('established', 10_000);
    await sleep(1500);
    await caller.sendDtmf('1');
    await answered;
    await sleep(1000);
    await agent.hold();
    await sleep(1500);
    await agent.resume();
    await sleep(1500);
    await caller.hold();
    await sleep(1500);
    await caller.resume();
    await sleep(3500);
    await caller.hangup();
    await agent.waitEvent('closed', 10_000);

    for (const phone of [agent, caller]) {
      const lines = audioLines(phone.log());
      assert.ok(lines.length >= 6, `${phone.name} saw the re-offers: ${lines.length} SDPs`);
      assert.ok(lines.every((m) => / RTP\/SAVP /.test(m)), `${phone.name}: every SDP is RTP/SAVP: ${lines.join(' | ')}`);
      assert.doesNotMatch(phone.log(), /SIP\/2\.0 488/, `${phone.name}: no 488`);
      // Every packet decrypts: a re-offer must not re-key a phone that gets no re-INVITE
      // (rtpengine copied the agent's keys toward the caller on the agent's resume).
      assert.doesNotMatch(phone.log(), /failed to decrypt/, `${phone.name}: every SRTP packet decrypts`);
    }
    const heardByCaller = tail(readWav(join(dir, 'caller-heard.wav')).channels[0] ?? new Int16Array());
    const heardByAgent = tail(readWav(join(dir, 'agent-heard.wav')).channels[0] ?? new Int16Array());
    assert.ok(Math.abs(peakFrequency(heardByCaller) - AGENT_HZ) < 30, `after the resumes the caller hears the agent: peak ${peakFrequency(heardByCaller)} Hz`);
    assert.ok(Math.abs(peakFrequency(heardByAgent) - CALLER_HZ) < 30, `after the resumes the agent hears the caller: peak ${peakFrequency(heardByAgent)} Hz`);
  });
});
