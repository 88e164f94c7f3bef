// Debian's baresip as the agent's desk phone puts the caller on hold (its /hold: a=sendonly)
// and resumes: on hold the caller hears the queue's music (energy at the caller, and not the
// agent's tone) while baresip's RTP port receives no packet at all (tshark on its port); after
// resume each hears the other's tone again.
// test-file-timeout: 2 min
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_PASSWORDS, eventually, startCenter } from '../../e2e/helpers/center.js';
import { NodePhone } from '../../e2e/helpers/node-phone.js';
import { startBaresip } from '../../helpers/baresip.js';
import { agentIdOf, DEMO_NUMBER, reposOf, routeDemoNumber } from '../../sip/calls/helpers/call-rig.js';
import { AGENT_HZ, CALLER_HZ, heard, sleep } from '../../sip/calls/helpers/bridged-call.js';
import { captureUdpTo } from '../helpers/rtp-capture.js';

test('baresip agent holds (sendonly): music to the caller, no RTP to baresip; resume', { timeout: 120_000 }, async (t) => {
  const c = await startCenter(t);
  const repos = reposOf(c);
  const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(sales);
  await routeDemoNumber(repos, { type: 'queue', id: sales.id });
  const dir = mkdtempSync(join(tmpdir(), 'sb-hold-baresip-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const mic = join(dir, 'agent.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', mic, 'synth', '5', 'sine', String(AGENT_HZ), 'vol', '0.5']);
  const agent = await startBaresip(t, { name: 'agent1', user: 'agent1', password: AGENT_PASSWORDS.agent1, server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' }, playFile: mic, codecs: ['PCMU'] });
  await agent.registered();
  await c.sb.acd.agentLogin(await agentIdOf(repos, 'agent1'));
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550005555');
  t.after(() => caller.close());
  const answered = agent.answerNext(20_000);
  const call = await caller.call(DEMO_NUMBER);
  caller.rtp.start(CALLER_HZ);
  await answered;
  // baresip's own SDP (SIP trace in its log) names the port it receives RTP on (its address is
  // a placeholder; rtpengine latches onto where the RTP comes from).
  const port = await eventually(async () => {
    const m = /a=tool:baresip[^\n]*\n(?:[^\n]*\n)*?m=audio (\d+)/.exec(agent.log());
    return m ? Number(m[1]) : undefined;
  }, 5000, "baresip's RTP port in its 200 OK");
  const wire = await captureUdpTo(t, port);
  await sleep(1500);
  const tTalk = Date.now();
  assert.ok(Math.abs(heard(caller, tTalk - 1000, tTalk).peakHz - AGENT_HZ) < 30, 'the caller hears the agent');

  await agent.hold();
  await eventually(async () => (c.logs.some((l) => l.msg === 'agent put the call on hold') ? true : undefined), 5000, 'the hold');
  const tHold = Date.now();
  await sleep(3000);
  const tEnd = Date.now();
  const music = heard(caller, tHold + 500, tEnd);
  t.diagnostic(`on hold: caller hears rms ${music.rms} at ${music.peakHz} Hz`);
  assert.ok(music.rms > 200 && Math.abs(music.peakHz - AGENT_HZ) > 30, `the caller hears music (${JSON.stringify(music)})`);
  const offered = c.logs.find((l) => l.msg === 'agent put the call on hold')?.offered;
  t.diagnostic(`baresip's hold offer: ${String(offered)}`);

  await agent.resume();
  await eventually(async () => (c.logs.some((l) => l.msg === 'agent resumed the call') ? true : undefined), 5000, 'the resume');
  const tResume = Date.now();
  await sleep(2500);
  const back = heard(caller, tResume + 700, Date.now());
  const tBack = Date.now();
  assert.equal(await call.hangup(), 'SIP/2.0 200 OK');
  await agent.waitEvent('closed', 10_000);
  assert.ok(Math.abs(back.peakHz - AGENT_HZ) < 30, `after resume the caller hears the agent (${back.peakHz} Hz)`);

  // tshark hands packets over late under load; their capture times are exact, so count now.
  await sleep(1500);
  const talking = wire.count(tTalk - 1000, tTalk);
  const onHold = wire.count(tHold + 500, tEnd);
  const resumed = wire.count(tResume + 700, tBack);
  t.diagnostic(`RTP packets at baresip's port: ${talking} in the last second of talk, ${onHold} in ${tEnd - tHold - 500} ms of hold, ${resumed} in ${tBack - tResume - 700} ms after resume`);
  assert.ok(talking > 20, `baresip receives the caller's RTP while talking (${talking} packets in 1 s)`);
  assert.equal(onHold, 0, 'the holding phone receives no RTP');
  assert.ok(resumed > 20, `after resume baresip receives the caller again (${resumed})`);
});
