// Issue 11's must-show: a linphone caller (Debian's linphonec 5.1.65) over SIP TLS, its server
// certificate verified by name, with mandatory SDES-SRTP (RTP/SAVP + a=crypto) reaches an agent
// through the demo IVR (digit 1) and queue. The center answers RTP/SAVP with a=crypto (the old
// profile answered RTP/AVP and linphone hung up), and audio flows both ways: spectrum in
// linphone's own recording, the agent phone's and the center's recording, on the side
// rtpengine decrypted. linphone offers PCMU only: the codec choice between an opus-first caller
// and the agent phone is the codec slice's (an agent answering opus would reach a caller that
// was answered PCMU by the IVR).
// test-file-timeout: 3 min
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { join } from 'node:path';
import { startCenter, eventually, AGENT_PASSWORDS } from '../../e2e/helpers/center.js';
import { apiCall, login } from '../../e2e/helpers/api.js';
import { startBaresip } from '../../helpers/baresip.js';
import { startLinphone } from '../../helpers/linphone.js';
import { peakFrequency } from '../../media/tools/spectrum.js';
import { readWav } from '../../media/tools/wav.js';
import { adminRequest, audioLines, tail, tone, workDir } from '../helpers/srtp-call.js';

const CALLER_HZ = 440;
const AGENT_HZ = 1000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('linphone SDES-SRTP caller over TLS', { timeout: 150_000 }, () => {
  test('answered RTP/SAVP + a=crypto, through the IVR to an agent, two-way audio on the decrypted side', { timeout: 120_000 }, async (t) => {
    const c = await startCenter(t);
    const dir = workDir(t, 'srtp-linphone');
    const agent = await startBaresip(t, {
      name: 'agent1', user: 'agent1', password: AGENT_PASSWORDS.agent1,
      server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' }, playFile: tone(dir, 'agent', AGENT_HZ), recordFile: join(dir, 'agent-heard.wav'),
    });
    await agent.registered();
    const state = await apiCall<{ state: string }>(c, await login(c, 'agent1', AGENT_PASSWORDS.agent1), '/me/state', { state: 'available' });
    assert.equal(state.state, 'available');

    const caller = await startLinphone(t, {
      name: 'linphone-caller', user: '+15551234567', password: 'unused', register: false, srtp: 'mandatory', codecs: ['PCMU'],
      server: { host: '127.0.0.1', port: c.tlsPort, transport: 'tls' }, caFile: c.tlsCertFile, serverName: 'localhost',
      playFile: tone(dir, 'caller', CALLER_HZ), recordFile: join(dir, 'caller-heard.wav'),
    });
    const answered = agent.answerNext(30_000);
    await sleep(1000);
    await caller.dial(`sip:15550100@localhost:${c.tlsPort};transport=tls`);
    await caller.waitEvent('established', 15_000);
    const lines = audioLines(caller.log());
    assert.ok(lines.length >= 2 && lines.every((m) => / RTP\/SAVP /.test(m)), `offer and answer are RTP/SAVP: ${lines.join(' | ')}`);
    assert.match(caller.log().split(/SIP\/2\.0 200 OK/).slice(1).join(''), /a=crypto:\d+ AES_CM_128_HMAC_SHA1_(80|32) inline:/, 'the answer carries a=crypto');
    await sleep(1500);
    await caller.sendDtmf('1');
    await answered;
    await sleep(4000);
    await caller.hangup();
    await agent.waitEvent('closed', 10_000);

    const heardByCaller = tail(readWav(join(dir, 'caller-heard.wav')).channels[0] ?? new Int16Array());
    const heardByAgent = tail(readWav(join(dir, 'agent-heard.wav')).channels[0] ?? new Int16Array());
    assert.ok(Math.abs(peakFrequency(heardByCaller) - AGENT_HZ) < 30, `linphone hears the agent: peak ${peakFrequency(heardByCaller)} Hz`);
    assert.ok(Math.abs(peakFrequency(heardByAgent) - CALLER_HZ) < 30, `the agent hears linphone: peak ${peakFrequency(heardByAgent)} Hz`);

    const call = await eventually(async () => (await adminRequest<{ items: { id: string; status: string; agent_id: string | null }[] }>(c, 'GET', '/calls')).items.find((x) => x.status === 'completed' && x.agent_id), 10_000, 'the completed call');
    const recordings = await eventually(async () => {
      const r = (await adminRequest<{ items: { file: string }[] }>(c, 'GET', `/recordings?call_id=${call.id}`)).items;
      return r.length ? r : undefined;
    }, 10_000, 'the recording row');
    const [ch1 = new Int16Array(), ch2 = new Int16Array()] = readWav(join(c.sb.media.recordingDir, recordings[0]?.file ?? '')).channels;
    assert.ok(Math.abs(peakFrequency(tail(ch1)) - CALLER_HZ) < 30, `recording channel 1 holds the decrypted linphone caller: ${peakFrequency(tail(ch1))} Hz`);
    assert.ok(Math.abs(peakFrequency(tail(ch2)) - AGENT_HZ) < 30, `recording channel 2 holds the agent: ${peakFrequency(tail(ch2))} Hz`);
  });
});
