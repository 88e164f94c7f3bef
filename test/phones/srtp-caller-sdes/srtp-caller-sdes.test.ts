// A caller that offers SDES-SRTP (Debian's baresip, mediaenc=srtp-mand: RTP/SAVP + a=crypto)
// over SIP TLS, from a trunk whose media_encryption is 'required'. The old profile answered
// RTP/AVP and such callers hung up; now the answer is RTP/SAVP with a=crypto, the caller goes
// through the demo IVR (digit 1) to a plain desk-phone agent, and audio flows both ways:
// spectrum in both phones' recordings and in the center's recording (decrypted by rtpengine).
// A plain-RTP caller on the same trunk is refused with 488 and the reason. An opportunistic
// caller (mediaenc=srtp: RTP/AVP + a=crypto) is answered RTP/AVP with a=crypto.
// test-file-timeout: 4 min
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { join } from 'node:path';
import { startCenter, eventually, AGENT_PASSWORDS, type Center } from '../../e2e/helpers/center.js';
import { apiCall, login } from '../../e2e/helpers/api.js';
import { startBaresip, type SipClient } from '../../helpers/baresip.js';
import { peakFrequency } from '../../media/tools/spectrum.js';
import { readWav } from '../../media/tools/wav.js';
import { adminRequest, audioLines, tail, tone, workDir } from '../helpers/srtp-call.js';

const CALLER_HZ = 440;
const AGENT_HZ = 1000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
type T = Parameters<typeof startCenter>[0];

async function plainAgent(t: T, c: Center, dir: string): Promise<SipClient> {
  const agent = await startBaresip(t, {
    name: 'agent1', user: 'agent1', password: AGENT_PASSWORDS.agent1,
    server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' }, playFile: tone(dir, 'agent', AGENT_HZ), recordFile: join(dir, 'agent-heard.wav'),
  });
  await agent.registered();
  const state = await apiCall<{ state: string }>(c, await login(c, 'agent1', AGENT_PASSWORDS.agent1), '/me/state', { state: 'available' });
  assert.equal(state.state, 'available');
  return agent;
}

async function requireSrtpOnTrunk(c: Center): Promise<void> {
  const trunks = await adminRequest<{ items: { id: string; name: string }[] }>(c, 'GET', '/trunks');
  const loopback = trunks.items.find((x) => x.name === 'loopback-test-trunk');
  assert.ok(loopback, 'the demo loopback trunk');
  const patched = await adminRequest<{ media_encryption: string }>(c, 'PATCH', `/trunks/${loopback.id}`, { media_encryption: 'required' });
  assert.equal(patched.media_encryption, 'required');
}

/** The m=audio line of the first SDP the phone received (the center's answer). */
function answeredWith(phone: SipClient): string {
  const lines = audioLines(phone.log());
  return lines[1] ?? '';
}

describe('caller offering SDES-SRTP', { timeout: 200_000 }, () => {
  test('over TLS from an SRTP-only trunk: answered RTP/SAVP + a=crypto, IVR to an agent, audio both ways, recorded; plain callers get 488', { timeout: 110_000 }, async (t) => {
    const c = await startCenter(t);
    const dir = workDir(t, 'srtp-caller');
    await requireSrtpOnTrunk(c);

    const plain = await startBaresip(t, { name: 'plain-caller', user: '+15550009999', password: 'unused', register: false, server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' } });
    await plain.dial(`sip:15550100@127.0.0.1:${c.sipPort}`);
    await plain.waitEvent('closed', 10_000);
    assert.match(plain.log(), /488 Not Acceptable Here - SRTP required on this trunk/);
    assert.ok(c.logs.some((l) => l.msg === 'plain RTP offer refused: the trunk requires SRTP (media_encryption required)' && l.sipCallId), 'the refusal is logged with its Call-ID');
    await plain.stop();

    const agent = await plainAgent(t, c, dir);
    const answered = agent.answerNext(25_000);
    const caller = await startBaresip(t, {
      name: 'srtp-caller', user: '+15551234567', password: 'unused', register: false, srtp: 'mandatory', caFile: c.tlsCertFile,
      server: { host: '127.0.0.1', port: c.tlsPort, transport: 'tls' }, playFile: tone(dir, 'caller', CALLER_HZ), recordFile: join(dir, 'caller-heard.wav'),
    });
    await caller.dial(`sip:15550100@127.0.0.1:${c.tlsPort};transport=tls`);
    await caller.waitEvent('established', 10_000);
    assert.match(answeredWith(caller), / RTP\/SAVP /, `answered: ${audioLines(caller.log()).join(' | ')}`);
    assert.match(caller.log(), /a=crypto:\d+ AES_CM_128_HMAC_SHA1_80 inline:/);
    await sleep(1500);
    await caller.sendDtmf('1');
    await answered;
    await sleep(3500);
    await caller.hangup();
    await agent.waitEvent('closed', 10_000);
    assert.ok(audioLines(agent.log()).every((m) => / RTP\/AVP /.test(m)), 'the agent phone (media_encryption none) stays on plain RTP');

    const heardByCaller = tail(readWav(join(dir, 'caller-heard.wav')).channels[0] ?? new Int16Array());
    const heardByAgent = tail(readWav(join(dir, 'agent-heard.wav')).channels[0] ?? new Int16Array());
    assert.ok(Math.abs(peakFrequency(heardByCaller) - AGENT_HZ) < 30, `SRTP caller hears the agent: peak ${peakFrequency(heardByCaller)} Hz`);
    assert.ok(Math.abs(peakFrequency(heardByAgent) - CALLER_HZ) < 30, `agent hears the SRTP caller: peak ${peakFrequency(heardByAgent)} Hz`);

    const call = await eventually(async () => (await adminRequest<{ items: { id: string; status: string; agent_id: string | null }[] }>(c, 'GET', '/calls')).items.find((x) => x.status === 'completed' && x.agent_id), 10_000, 'the completed call');
    const recordings = await eventually(async () => {
      const r = (await adminRequest<{ items: { file: string }[] }>(c, 'GET', `/recordings?call_id=${call.id}`)).items;
      return r.length ? r : undefined;
    }, 10_000, 'the recording row');
    const [ch1 = new Int16Array(), ch2 = new Int16Array()] = readWav(join(c.sb.media.recordingDir, recordings[0]?.file ?? '')).channels;
    assert.ok(Math.abs(peakFrequency(tail(ch1)) - CALLER_HZ) < 30, `recording channel 1 holds the decrypted SRTP caller: ${peakFrequency(tail(ch1))} Hz`);
    assert.ok(Math.abs(peakFrequency(tail(ch2)) - AGENT_HZ) < 30, `recording channel 2 holds the agent: ${peakFrequency(tail(ch2))} Hz`);
  });

  test('an opportunistic caller (RTP/AVP + a=crypto) is answered RTP/AVP with a=crypto and hears the IVR', { timeout: 60_000 }, async (t) => {
    const c = await startCenter(t);
    const dir = workDir(t, 'osrtp-caller');
    const caller = await startBaresip(t, {
      name: 'osrtp-caller', user: '+15551230000', password: 'unused', register: false, srtp: 'optional',
      server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' }, recordFile: join(dir, 'caller-heard.wav'),
    });
    await caller.dial(`sip:15550100@127.0.0.1:${c.sipPort}`);
    await caller.waitEvent('established', 10_000);
    assert.match(answeredWith(caller), / RTP\/AVP /);
    const answer = caller.log().split(/SIP\/2\.0 200 OK/)[1] ?? '';
    assert.match(answer, /a=crypto:\d+ AES_CM_128_HMAC_SHA1_80 inline:/, 'the answer keeps SRTP');
    await sleep(2500);
    await caller.hangup();
    const heard = readWav(join(dir, 'caller-heard.wav')).channels[0] ?? new Int16Array();
    const energy = Math.sqrt(heard.subarray(0, 16000).reduce((s, x) => s + x * x, 0) / Math.max(1, Math.min(16000, heard.length)));
    assert.ok(energy > 100, `the OSRTP caller hears the IVR prompt (decrypts it): rms ${energy.toFixed(0)}`);
  });
});
