// An agent's desk phone that requires SRTP (Debian's baresip with mediaenc=srtp-mand) and the
// agent setting media_encryption. Offered plain RTP (the default 'none') the phone answers
// 488: the center logs why and which setting to change, instead of a silent "unreachable".
// With media_encryption 'required' the phone is offered RTP/SAVP with a=crypto, answers a
// queue call from a plain caller (through the demo IVR, digit 1), and audio flows both ways:
// checked by spectrum in each phone's own recording and in the center's recording (rtpengine
// decrypts the agent's SRTP), so recording keeps working on an SRTP call; a supervisor's
// listen-in fork of the call is plain RTP carrying both parties.
// test-file-timeout: 4 min
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { join } from 'node:path';
import { startCenter, eventually, AGENT_PASSWORDS, type Center } from '../../e2e/helpers/center.js';
import { apiCall, login } from '../../e2e/helpers/api.js';
import { startBaresip, type SipClient } from '../../helpers/baresip.js';
import { peakFrequency } from '../../media/tools/spectrum.js';
import { readWav } from '../../media/tools/wav.js';
import { RtpEndpoint } from '../../media/tools/rtp-endpoint.js';
import { audioSections, plainAudioSdp } from '../../../media/sdp.js';
import { adminRequest, audioLines, setAgentEncryption, tail, tone, workDir } from '../helpers/srtp-call.js';

const CALLER_HZ = 440;
const AGENT_HZ = 1000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function srtpAgent(t: Parameters<typeof startCenter>[0], c: Center, dir: string): Promise<SipClient> {
  const agent = await startBaresip(t, {
    name: 'agent1-srtp', user: 'agent1', password: AGENT_PASSWORDS.agent1, srtp: 'mandatory',
    server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' }, playFile: tone(dir, 'agent', AGENT_HZ), recordFile: join(dir, 'agent-heard.wav'),
  });
  await agent.registered();
  const state = await apiCall<{ state: string }>(c, await login(c, 'agent1', AGENT_PASSWORDS.agent1), '/me/state', { state: 'available' });
  assert.equal(state.state, 'available');
  return agent;
}

async function plainCaller(t: Parameters<typeof startCenter>[0], c: Center, dir: string): Promise<SipClient> {
  const caller = await startBaresip(t, {
    name: 'caller', user: '+15551234567', password: 'unused', register: false,
    server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' }, playFile: tone(dir, 'caller', CALLER_HZ), recordFile: join(dir, 'caller-heard.wav'),
  });
  await caller.dial(`sip:15550100@127.0.0.1:${c.sipPort}`);
  await caller.waitEvent('established', 10_000);
  await sleep(1500);
  await caller.sendDtmf('1');
  return caller;
}

describe('agent phone that requires SRTP', { timeout: 200_000 }, () => {
  test('offered plain RTP it answers 488, and the center says why and what to set', { timeout: 80_000 }, async (t) => {
    const c = await startCenter(t);
    const dir = workDir(t, 'srtp-agent-488');
    const agent = await srtpAgent(t, c, dir);
    const caller = await plainCaller(t, c, dir);
    const line = await eventually(async () => c.logs.find((l) => String(l.msg).startsWith('agent phone refused the media offer (488')), 20_000, 'the 488 log line');
    assert.equal(line.mediaEncryption, 'none');
    assert.ok(line.agentId && line.callId && line.sipCallId, `the line names the agent, the call and its SIP Call-ID: ${JSON.stringify(line)}`);
    assert.match(String(line.msg), /media_encryption to 'required'/);
    assert.ok(audioLines(agent.log()).some((m) => / RTP\/AVP /.test(m)), 'the phone was offered RTP/AVP');
    await caller.hangup();
  });

  test("with media_encryption 'required' it is offered RTP/SAVP, answers a queue call, audio both ways, recorded decrypted", { timeout: 100_000 }, async (t) => {
    const c = await startCenter(t);
    const dir = workDir(t, 'srtp-agent');
    const agentId = await setAgentEncryption(c, 'agent1', 'required');
    const agent = await srtpAgent(t, c, dir);
    const answered = agent.answerNext(25_000);
    const caller = await plainCaller(t, c, dir);
    await answered;
    // Listen-in on the SRTP call: the supervisor's fork is plain RTP with both parties' audio.
    const connected = await eventually(async () => c.logs.find((l) => l.msg === 'caller connected to agent'), 5000, 'the bridge');
    const callId = String(connected.callId);
    const [hearCaller, hearAgent] = [await RtpEndpoint.open(), await RtpEndpoint.open()];
    t.after(() => { hearCaller.close(); hearAgent.close(); });
    const listen = await c.sb.media.listenIn(callId);
    assert.ok(audioSections(listen.sdp).length === 2 && !/a=crypto/.test(listen.sdp), `a plain two-party fork:\n${listen.sdp}`);
    await c.sb.media.listenInAnswer(callId, listen.listenerTag, plainAudioSdp('127.0.0.1', [hearCaller.port, hearAgent.port], 'recvonly'));
    const listenFrom = Date.now();
    await sleep(3500);
    assert.ok(Math.abs(peakFrequency(hearCaller.samples(listenFrom + 300)) - CALLER_HZ) < 30, `listen-in hears the caller: ${peakFrequency(hearCaller.samples(listenFrom + 300))} Hz`);
    assert.ok(Math.abs(peakFrequency(hearAgent.samples(listenFrom + 300)) - AGENT_HZ) < 30, `listen-in hears the decrypted SRTP agent: ${peakFrequency(hearAgent.samples(listenFrom + 300))} Hz`);
    await c.sb.media.stopListenIn(callId, listen.listenerTag);
    await caller.hangup();
    await agent.waitEvent('closed', 10_000);

    const offered = audioLines(agent.log());
    assert.ok(offered.some((m) => / RTP\/SAVP /.test(m)), `the agent phone saw RTP/SAVP: ${offered.join(' | ')}`);
    assert.ok(/a=crypto:\d+ AES_CM_128_HMAC_SHA1_80/.test(agent.log()), 'with a=crypto');
    assert.ok(audioLines(caller.log()).every((m) => / RTP\/AVP /.test(m)), 'the caller stays on plain RTP');

    const heardByCaller = tail(readWav(join(dir, 'caller-heard.wav')).channels[0] ?? new Int16Array());
    const heardByAgent = tail(readWav(join(dir, 'agent-heard.wav')).channels[0] ?? new Int16Array());
    assert.ok(Math.abs(peakFrequency(heardByCaller) - AGENT_HZ) < 30, `caller hears the SRTP agent: peak ${peakFrequency(heardByCaller)} Hz`);
    assert.ok(Math.abs(peakFrequency(heardByAgent) - CALLER_HZ) < 30, `SRTP agent hears the caller: peak ${peakFrequency(heardByAgent)} Hz`);

    const call = await eventually(async () => (await adminRequest<{ items: { id: string; status: string; agent_id: string | null }[] }>(c, 'GET', '/calls')).items.find((x) => x.status === 'completed' && x.agent_id === agentId), 10_000, 'the completed call');
    const recordings = await eventually(async () => {
      const r = (await adminRequest<{ items: { file: string }[] }>(c, 'GET', `/recordings?call_id=${call.id}`)).items;
      return r.length ? r : undefined;
    }, 10_000, 'the recording row');
    const [ch1 = new Int16Array(), ch2 = new Int16Array()] = readWav(join(c.sb.media.recordingDir, recordings[0]?.file ?? '')).channels;
    assert.ok(Math.abs(peakFrequency(tail(ch1)) - CALLER_HZ) < 30, `recording channel 1 holds the caller: ${peakFrequency(tail(ch1))} Hz`);
    assert.ok(Math.abs(peakFrequency(tail(ch2)) - AGENT_HZ) < 30, `recording channel 2 holds the decrypted SRTP agent: ${peakFrequency(tail(ch2))} Hz`);
  });
});
