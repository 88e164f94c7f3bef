// A desk-phone agent holds the caller in every form phones use — a=sendonly, a=inactive
// (linphone), c=0.0.0.0 (RFC 2543) and a session-level a=sendonly — and resumes after each:
// on hold the caller hears the queue's music (energy, and not the agent's tone) and the agent's
// phone receives no RTP at all; the hold is answered with the reciprocal direction; after
// resume both hear each other again (peak frequency of each one's tone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_HZ, CALLER_HZ, bridgedCall, heard, holdSdp, packetsIn, resumeSdp, sleep, type HoldForm } from '../helpers/bridged-call.js';

const FORMS: [HoldForm, string][] = [['sendonly', 'recvonly'], ['inactive', 'inactive'], ['c=0.0.0.0', 'recvonly'], ['session-level sendonly', 'recvonly']];

test('agent hold in every form: music to the caller, nothing to the agent, resume restores both ways', { timeout: 90_000 }, async (t) => {
  const { c, caller, agent, agentCall } = await bridgedCall(t);
  await sleep(1500);
  const t0 = Date.now();
  assert.ok(Math.abs(heard(caller, t0 - 800, t0).peakHz - AGENT_HZ) < 30, 'bridged: the caller hears the agent');
  let version = 10;
  for (const [form, expected] of FORMS) {
    const ok = await agentCall.reinvite(holdSdp(agent, form, ++version));
    assert.match(ok, /^SIP\/2\.0 200/, `${form}: hold answered 200`);
    assert.equal(/^a=(sendrecv|sendonly|recvonly|inactive)/m.exec(ok.slice(ok.indexOf('\r\n\r\n')))?.[1], expected, `${form}: answered ${expected}`);
    const tHold = Date.now();
    await sleep(2500);
    const tEnd = Date.now();
    const music = heard(caller, tHold + 700, tEnd);
    const toAgent = packetsIn(agent, tHold + 700, tEnd);
    t.diagnostic(`${form}: caller hears rms ${music.rms} peak ${music.peakHz} Hz; agent received ${toAgent} packets on hold`);
    assert.ok(music.rms > 200, `${form}: the caller hears music (rms ${music.rms})`);
    assert.ok(Math.abs(music.peakHz - AGENT_HZ) > 30, `${form}: what the caller hears is not the agent (${music.peakHz} Hz)`);
    assert.equal(toAgent, 0, `${form}: the holding phone receives no audio`);

    const resumed = await agentCall.reinvite(resumeSdp(agent, ++version));
    assert.match(resumed, /^SIP\/2\.0 200/, `${form}: resume answered 200`);
    assert.doesNotMatch(resumed, /^a=(sendonly|recvonly|inactive)/m, `${form}: resume answered sendrecv`);
    const tResume = Date.now();
    await sleep(2000);
    const callerHears = heard(caller, tResume + 700, Date.now());
    const agentHears = heard(agent, tResume + 700, Date.now());
    assert.ok(Math.abs(callerHears.peakHz - AGENT_HZ) < 30, `${form}: after resume the caller hears the agent (${callerHears.peakHz} Hz)`);
    assert.ok(Math.abs(agentHears.peakHz - CALLER_HZ) < 30, `${form}: after resume the agent hears the caller (${agentHears.peakHz} Hz)`);
  }
  assert.ok(c.logs.some((l) => l.msg === 'agent put the call on hold' && l.offered === 'inactive'), 'the hold is logged with its form');
  assert.equal(await agentCall.hangup(), 'SIP/2.0 200 OK');
});
