// Debian's baresip as caller and agent through the whole center (demo IVR: press 1 for the
// queue), with a tshark capture of this center's rtpengine ports:
// - G.722 caller and G.722 agent: payload type 9 on both legs, and each phone's packets reach
//   the other under the sending phone's own SSRC (relayed; rtpengine's encoder would send an
//   SSRC of its own), each side hears the other's tone; the INVITE to the agent carries none
//   of the caller's a=tool/a=ssrc lines; RTP keeps flowing to the caller while the menu waits
//   for the digit (largest gap printed, at most 100 ms). rtpengine's `transcoding` media flag
//   cannot be asserted here: the call recorder's PCMU forks set it on both monologues.
// - opus + telephone-event/8000 caller: its RFC 4733 digit drives the IVR to the queue.
// test-file-timeout: 4 min
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCenter, AGENT_PASSWORDS, eventually, type Center } from '../../e2e/helpers/center.js';
import { apiCall, login } from '../../e2e/helpers/api.js';
import { startBaresip } from '../../helpers/baresip.js';
import { peakFrequency } from '../tools/spectrum.js';
import { readWav } from '../tools/wav.js';
import { captureRtp, type CapturedRtp } from '../tools/tshark.js';
import type { NgValue } from '../../../media/index.js';

const CALLER_HZ = 440;
const AGENT_HZ = 1000;
/** The end of the menu's wait for a digit, after the greeting, where only silence frames flow. */
const WAIT_WINDOW_MS = 1500;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function workDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-codecs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function tone(dir: string, name: string, hz: number): string {
  const file = join(dir, `${name}.wav`);
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', file, 'synth', '5', 'sine', String(hz), 'vol', '0.5']);
  return file;
}

async function setAvailable(c: Center): Promise<void> {
  await apiCall(c, await login(c, 'agent1', AGENT_PASSWORDS.agent1), '/me/state', { state: 'available' });
}

/** The SDP bodies of the INVITEs in a baresip SIP trace (`-s`) that it received (`incoming`) or sent. */
function inviteBodies(log: string): string[] {
  return log.split(/(?=INVITE sip:)/).slice(1).map((part) => part.split(/\n\s*(?=SIP\/2\.0 \d{3} |[A-Z]+ sip:)/)[0] ?? '');
}

interface Monologue { tag: string; port: number; flags: string[] }

/** rtpengine's view of the call: each monologue's local RTP port and media flags. */
async function monologues(c: Center, callId: string): Promise<Monologue[]> {
  const reply = await c.sb.media.ngFor(callId).command('query', { 'call-id': callId });
  const tags = reply.tags as Record<string, { medias?: { flags?: NgValue[]; streams?: { 'local port'?: NgValue }[] }[] }>;
  return Object.entries(tags).map(([tag, v]) => ({ tag, port: Number(v.medias?.[0]?.streams?.[0]?.['local port'] ?? 0), flags: (v.medias?.[0]?.flags ?? []).map(String) }));
}

function largestGap(packets: CapturedRtp[]): number {
  let gap = 0;
  for (let i = 1; i < packets.length; i++) gap = Math.max(gap, (packets[i]?.at ?? 0) - (packets[i - 1]?.at ?? 0));
  return Math.round(gap);
}

describe('desk-phone codecs with real clients', { timeout: 200_000 }, () => {
  test('G.722 caller and G.722 agent: payload type 9 end to end, no transcoding, clean SDP, RTP while the IVR waits', { timeout: 100_000 }, async (t) => {
    const c = await startCenter(t);
    const dir = workDir(t);
    const capture = await captureRtp(t, c.rtpPorts.min, c.rtpPorts.max);
    const server = { host: '127.0.0.1', port: c.sipPort, transport: 'udp' as const };
    const agent = await startBaresip(t, { name: 'agent1', user: 'agent1', password: AGENT_PASSWORDS.agent1, server, codecs: ['G722/16000/1'], playFile: tone(dir, 'agent', AGENT_HZ), recordFile: join(dir, 'agent-heard.wav') });
    await agent.registered();
    await setAvailable(c);
    const caller = await startBaresip(t, { name: 'caller', user: '+15551234567', password: 'unused', register: false, server, codecs: ['G722/16000/1'], playFile: tone(dir, 'caller', CALLER_HZ), recordFile: join(dir, 'caller-heard.wav') });
    const answered = agent.answerNext(25_000);
    await caller.dial(`sip:15550100@127.0.0.1:${c.sipPort}`);
    await caller.waitEvent('established', 10_000);
    // The greeting (about 4 s of speech), then the menu waits for the digit (6 s timeout).
    await sleep(6500);
    const digitAt = Date.now();
    await caller.sendDtmf('1');
    await answered;
    const bridgedAt = Date.now();
    await sleep(3500);

    const connected = await eventually(async () => c.logs.find((l) => l.msg === 'caller connected to agent'), 5000, 'the bridge log line');
    const callId = String(connected.callId);
    const legs = await monologues(c, callId);
    const callerLeg = legs.find((l) => l.tag === 'caller');
    const agentLeg = legs.find((l) => l.tag.startsWith('caller~agent'));
    assert.ok(callerLeg && agentLeg, `monologues: ${JSON.stringify(legs)}`);
    // Printed only: the recorder's forks take PCMU, so rtpengine decodes both parties' G.722
    // for the recording and flags both monologues `transcoding`; the relay is checked below.
    console.log(`rtpengine monologues: ${legs.map((l) => `${l.tag} [${l.flags.join(',')}]`).join('; ')}`);
    await caller.hangup();
    await agent.waitEvent('closed', 10_000);
    await capture.stop();

    const onCallerLeg = capture.packets.filter((p) => p.src === callerLeg.port || p.dst === callerLeg.port);
    const onAgentLeg = capture.packets.filter((p) => p.src === agentLeg.port || p.dst === agentLeg.port);
    const types = (ps: CapturedRtp[]): string => [...new Set(ps.map((p) => p.payloadType))].join(',');
    console.log(`caller leg: ${onCallerLeg.length} RTP packets, payload types ${types(onCallerLeg)}; agent leg: ${onAgentLeg.length}, payload types ${types(onAgentLeg)}`);
    assert.ok(onCallerLeg.length > 200 && onAgentLeg.length > 100, 'both legs carried RTP');
    // telephone-event (the digit) is the only other payload type allowed.
    const audioTypes = (ps: CapturedRtp[]): number[] => [...new Set(ps.map((p) => p.payloadType))].filter((pt) => pt !== 101);
    assert.deepEqual(audioTypes(onCallerLeg), [9], 'G.722 on the caller leg');
    assert.deepEqual(audioTypes(onAgentLeg), [9], 'G.722 on the agent leg');

    // Relayed, not re-encoded: what rtpengine sends the caller after the bridge carries the
    // SSRC the agent's phone sends (rtpengine's encoder would use an SSRC of its own).
    const fromAgentPhone = new Set(onAgentLeg.filter((p) => p.dst === agentLeg.port && p.payloadType === 9).map((p) => p.ssrc));
    const toCallerBridged = onCallerLeg.filter((p) => p.src === callerLeg.port && p.at > bridgedAt + 500 && p.payloadType === 9);
    assert.ok(toCallerBridged.length > 50 && toCallerBridged.every((p) => fromAgentPhone.has(p.ssrc)), 'the caller gets the agent phone\'s own packets');
    const fromCallerPhone = new Set(onCallerLeg.filter((p) => p.dst === callerLeg.port && p.payloadType === 9).map((p) => p.ssrc));
    const toAgent = onAgentLeg.filter((p) => p.src === agentLeg.port && p.payloadType === 9);
    assert.ok(toAgent.length > 50 && toAgent.every((p) => fromCallerPhone.has(p.ssrc)), 'the agent gets the caller phone\'s own packets');

    // RTP toward the caller from its first packet to the digit: prompts, then silence frames.
    const toCaller = onCallerLeg.filter((p) => p.src === callerLeg.port);
    const ivr = toCaller.filter((p) => p.at < digitAt);
    const waiting = ivr.filter((p) => p.at > digitAt - WAIT_WINDOW_MS);
    const gap = largestGap(waiting);
    const ssrcs = [...new Set(toCaller.map((p) => p.ssrc.toString(16)))];
    console.log(`toward the caller in the IVR: ${ivr.length} packets over ${Math.round((ivr.at(-1)?.at ?? 0) - (ivr[0]?.at ?? 0))} ms (largest gap ${largestGap(ivr)} ms, greeting included); while the menu waits for the digit: ${waiting.length} packets in ${WAIT_WINDOW_MS} ms, largest gap ${gap} ms; SSRCs over the call: ${ssrcs.join(' -> ')}; largest gap at music -> agent ${largestGap(toCaller.filter((p) => p.at > digitAt - 200 && p.at < bridgedAt + 1000))} ms`);
    assert.ok(waiting.length >= (WAIT_WINDOW_MS / 20) * 0.8, `RTP flows while the IVR waits: ${waiting.length} packets`);
    assert.ok(gap <= 100, `largest gap while the IVR waits: ${gap} ms`);

    // The INVITE the agent's phone received has nothing of the caller's own SDP lines.
    const callerInvite = inviteBodies(caller.log())[0] ?? '';
    const agentInvite = inviteBodies(agent.log())[0] ?? '';
    assert.match(callerInvite, /a=tool:baresip/, 'baresip writes a=tool (so the check below can fail)');
    assert.match(agentInvite, /m=audio \d+ RTP\/AVP 9 /, `the agent is offered G.722 first:\n${agentInvite.slice(0, 1500)}`);
    assert.doesNotMatch(agentInvite, /^a=(tool|ssrc|msid)/m, `foreign lines in the agent's INVITE:\n${agentInvite.slice(0, 1500)}`);

    const heardByCaller = readWav(join(dir, 'caller-heard.wav')).channels[0] ?? new Int16Array();
    const heardByAgent = readWav(join(dir, 'agent-heard.wav')).channels[0] ?? new Int16Array();
    const tail = (s: Int16Array): Int16Array => s.subarray(Math.max(0, s.length - 16000), s.length - 2000);
    assert.ok(Math.abs(peakFrequency(tail(heardByCaller)) - AGENT_HZ) < 30, `caller hears the agent: ${peakFrequency(tail(heardByCaller))} Hz`);
    assert.ok(Math.abs(peakFrequency(tail(heardByAgent)) - CALLER_HZ) < 30, `agent hears the caller: ${peakFrequency(tail(heardByAgent))} Hz`);
  });

  test('opus + telephone-event/8000 caller (baresip): its RFC 4733 digit drives the IVR to the queue', { timeout: 80_000 }, async (t) => {
    const c = await startCenter(t);
    const server = { host: '127.0.0.1', port: c.sipPort, transport: 'udp' as const };
    const agent = await startBaresip(t, { name: 'agent1', user: 'agent1', password: AGENT_PASSWORDS.agent1, server, codecs: ['PCMU'] });
    await agent.registered();
    await setAvailable(c);
    const caller = await startBaresip(t, { name: 'caller', user: '+15551234568', password: 'unused', register: false, server, codecs: ['opus/48000/2'] });
    const answered = agent.answerNext(25_000);
    await caller.dial(`sip:15550100@127.0.0.1:${c.sipPort}`);
    await caller.waitEvent('established', 10_000);
    const invite = inviteBodies(caller.log())[0] ?? '';
    assert.match(invite, /a=rtpmap:\d+ opus\/48000\/2[\s\S]*a=rtpmap:\d+ telephone-event\/8000/, `baresip offers opus with telephone-event/8000:\n${invite.slice(0, 1500)}`);
    assert.match(caller.log(), /SIP\/2\.0 200 OK[\s\S]*a=rtpmap:\d+ telephone-event\/8000/, 'the answer keeps telephone-event/8000');
    await sleep(2000);
    await caller.sendDtmf('1');
    await answered;
    const digit = c.logs.find((l) => typeof l.msg === 'string' && /digit|dtmf/i.test(l.msg));
    console.log(`IVR took the digit (agent rung and answered)${digit ? `; log: ${String(digit.msg)}` : ''}`);
    await caller.hangup();
    await agent.waitEvent('closed', 10_000);
  });
});
