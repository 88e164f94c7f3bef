// The hold forms Debian's clients cannot send (linphonec and baresip both hold with
// a=sendonly), from sipp as agent1's desk phone: it registers with digest, answers the queue
// call, streams a 1 kHz tone, re-INVITEs on hold (a=inactive, or c=0.0.0.0), then a=sendrecv.
// The caller is Debian's baresip (a 440 Hz tone as its microphone, recording what it hears)
// through the demo IVR, digit 1 to the sales queue. On hold the caller hears the queue's music
// (energy, not the agent's tone) and tshark at sipp's RTP port counts no packet; after resume
// the caller hears the agent again and sipp receives RTP again.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_PASSWORDS, eventually, startCenter } from '../../e2e/helpers/center.js';
import { startBaresip } from '../../helpers/baresip.js';
import { peakFrequency, rms } from '../../media/tools/spectrum.js';
import { readWav } from '../../media/tools/wav.js';
import { freePort } from '../../helpers/ports.js';
import { repoRoot, runSipp, startSipp } from '../../sip/helpers/sipp.js';
import { agentIdOf, reposOf } from '../../sip/calls/helpers/call-rig.js';
import { AGENT_HZ, CALLER_HZ, sleep } from '../../sip/calls/helpers/bridged-call.js';
import { captureUdpTo } from '../helpers/rtp-capture.js';

const HERE = join(repoRoot(), 'test', 'phones', 'hold-inactive-real');
const TALK_MS = 6000;
const HOLD_MS = 5000;

export interface HoldForm {
  /** The hold re-INVITE's connection address: sipp's own ('[media_ip]') or '0.0.0.0'. */
  address: string;
  /** Its direction attribute. */
  direction: 'inactive' | 'sendonly' | 'sendrecv';
  /** How the server logs the offer ('offered' of 'agent put the call on hold'). */
  logged: string;
}

export async function sippAgentHolds(t: TestContext, form: HoldForm): Promise<void> {
  const c = await startCenter(t);
  const repos = reposOf(c);
  const dir = mkdtempSync(join(tmpdir(), 'sb-hold-inactive-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const mic = join(dir, 'caller.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', mic, 'synth', '5', 'sine', String(CALLER_HZ), 'vol', '0.5']);
  const tone = join(dir, 'tone.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-e', 'u-law', '-b', '8', tone, 'synth', '60', 'sine', String(AGENT_HZ)]);
  const agentXml = join(dir, 'agent.xml');
  writeFileSync(agentXml, readFileSync(join(HERE, 'hold-agent.xml'), 'utf8')
    .replaceAll('TONE_FILE', tone).replaceAll('TALK_MS', String(TALK_MS)).replaceAll('HOLD_MS', String(HOLD_MS))
    .replaceAll('HOLD_ADDRESS', form.address).replaceAll('HOLD_DIRECTION', form.direction));

  const sipPort = await freePort();
  const mediaPort = await freePort();
  const remote = `127.0.0.1:${c.sipPort}`;
  const reg = await runSipp({ scenario: join(HERE, 'register.xml'), transport: 'udp', remote, localPort: sipPort, service: 'agent1', timeoutSec: 10, extra: ['-au', 'agent1', '-ap', AGENT_PASSWORDS.agent1] });
  assert.equal(reg.code, 0, `agent1 registers with digest:\n${reg.output}`);
  await c.sb.acd.agentLogin(await agentIdOf(repos, 'agent1'));
  const phone = await startSipp({ scenario: agentXml, transport: 'udp', localPort: sipPort, service: 'agent1', timeoutSec: 60, extra: ['-mp', String(mediaPort)] });
  t.after(() => phone.kill());
  const wire = await captureUdpTo(t, mediaPort);

  const recording = join(dir, 'caller-heard.wav');
  const caller = await startBaresip(t, { name: 'caller', user: '+15550005556', password: 'unused', register: false, server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' }, codecs: ['PCMU'], playFile: mic, recordFile: recording });
  await caller.dial(`sip:15550100@127.0.0.1:${c.sipPort}`);
  await caller.waitEvent('established', 10_000);
  await sleep(2000);
  await caller.sendDtmf('1');
  await eventually(async () => (c.logs.some((l) => l.msg === 'caller connected to agent') ? true : undefined), 15_000, 'the caller reaches the sipp agent through the IVR and the queue');
  // a second more of talk (well inside TALK_MS): the caller's RTP has reached the phone by then
  await sleep(2000);
  const tTalk = Date.now();
  await eventually(async () => (c.logs.some((l) => l.msg === 'agent put the call on hold') ? true : undefined), TALK_MS + 10_000, 'the hold');
  const tHold = Date.now();
  await sleep(3000);
  const tEnd = Date.now();

  await eventually(async () => (c.logs.some((l) => l.msg === 'agent resumed the call') ? true : undefined), HOLD_MS + 10_000, 'the resume');
  const tResume = Date.now();
  await sleep(2500);
  const tBack = Date.now();
  await caller.hangup();
  const result = await phone.done;
  assert.equal(result.code, 0, `the agent phone's scenario (answer, hold, resume, BYE):\n${result.output}`);

  // baresip's recording starts when its call is established: wall-clock windows map onto it.
  const heardByCaller = readWav(recording).channels[0] ?? new Int16Array();
  const startedAt = caller.eventTimes('established')[0] ?? 0;
  const heard = (from: number, to: number): { rms: number; peakHz: number } => {
    const part = heardByCaller.subarray(Math.max(0, Math.round(((from - startedAt) * 8000) / 1000)), Math.round(((to - startedAt) * 8000) / 1000));
    return { rms: Math.round(rms(part)), peakHz: peakFrequency(part) };
  };
  const talk = heard(tTalk - 1000, tTalk);
  const music = heard(tHold + 500, tEnd);
  const back = heard(tResume + 700, tBack);
  t.diagnostic(`the caller's recording (${(heardByCaller.length / 8000).toFixed(1)} s): talk ${JSON.stringify(talk)}, on hold ${JSON.stringify(music)}, after resume ${JSON.stringify(back)}`);
  assert.ok(Math.abs(talk.peakHz - AGENT_HZ) < 30, `the caller hears the agent (${talk.peakHz} Hz)`);
  assert.ok(music.rms > 200 && Math.abs(music.peakHz - AGENT_HZ) > 30, `on hold the caller hears music (${JSON.stringify(music)})`);
  assert.ok(Math.abs(back.peakHz - AGENT_HZ) < 30, `after resume the caller hears the agent (${back.peakHz} Hz)`);
  assert.equal(String(c.logs.find((l) => l.msg === 'agent put the call on hold')?.offered), form.logged, "the phone's hold offer as the server read it");

  await sleep(1500);
  const talking = wire.count(tTalk - 1000, tTalk);
  const onHold = wire.count(tHold + 500, tEnd);
  const resumed = wire.count(tResume + 700, tBack);
  t.diagnostic(`RTP packets at sipp's port ${mediaPort}: ${talking} in the last second of talk, ${onHold} in ${tEnd - tHold - 500} ms of hold, ${resumed} in ${tBack - tResume - 700} ms after resume`);
  assert.ok(talking > 20, `the phone receives the caller's RTP while talking (${talking} packets in 1 s)`);
  assert.equal(onHold, 0, 'the phone on hold receives no RTP');
  assert.ok(resumed > 20, `after resume the phone receives the caller again (${resumed})`);
}
