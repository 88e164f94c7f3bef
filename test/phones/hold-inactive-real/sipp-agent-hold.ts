// The hold forms Debian's clients cannot send (linphonec and baresip both hold with
// a=sendonly), from sipp as agent1's desk phone: it registers with digest, answers the queue
// call, streams a 1 kHz tone, re-INVITEs on hold (a=inactive, or c=0.0.0.0), then a=sendrecv.
// On hold the caller hears the queue's music (energy, not the agent's tone) and tshark at
// sipp's RTP port counts no packet; after resume the caller hears the agent again and sipp
// receives RTP again.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_PASSWORDS, eventually, startCenter } from '../../e2e/helpers/center.js';
import { NodePhone } from '../../e2e/helpers/node-phone.js';
import { freePort } from '../../helpers/ports.js';
import { repoRoot, runSipp, startSipp } from '../../sip/helpers/sipp.js';
import { agentIdOf, DEMO_NUMBER, reposOf, routeDemoNumber } from '../../sip/calls/helpers/call-rig.js';
import { AGENT_HZ, CALLER_HZ, heard, sleep } from '../../sip/calls/helpers/bridged-call.js';
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
  const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(sales);
  await routeDemoNumber(repos, { type: 'queue', id: sales.id });
  const dir = mkdtempSync(join(tmpdir(), 'sb-hold-inactive-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
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

  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550005556');
  t.after(() => caller.close());
  const call = await caller.call(DEMO_NUMBER);
  caller.rtp.start(CALLER_HZ);
  await eventually(async () => {
    const now = Date.now();
    return Math.abs(heard(caller, now - 1000, now).peakHz - AGENT_HZ) < 30 ? now : undefined;
  }, 15_000, 'the caller hears the agent phone');
  // a second more of talk (well inside TALK_MS): the caller's RTP has reached the phone by then
  await sleep(1500);
  const tTalk = Date.now();

  await eventually(async () => (c.logs.some((l) => l.msg === 'agent put the call on hold') ? true : undefined), TALK_MS + 10_000, 'the hold');
  const tHold = Date.now();
  await sleep(3000);
  const tEnd = Date.now();
  const music = heard(caller, tHold + 500, tEnd);
  t.diagnostic(`on hold: the caller hears rms ${music.rms} at ${music.peakHz} Hz`);
  assert.ok(music.rms > 200 && Math.abs(music.peakHz - AGENT_HZ) > 30, `the caller hears music (${JSON.stringify(music)})`);

  await eventually(async () => (c.logs.some((l) => l.msg === 'agent resumed the call') ? true : undefined), HOLD_MS + 10_000, 'the resume');
  const tResume = Date.now();
  await sleep(2500);
  const tBack = Date.now();
  const back = heard(caller, tResume + 700, tBack);
  assert.equal(await call.hangup(), 'SIP/2.0 200 OK');
  const result = await phone.done;
  assert.equal(result.code, 0, `the agent phone's scenario (answer, hold, resume, BYE):\n${result.output}`);
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
