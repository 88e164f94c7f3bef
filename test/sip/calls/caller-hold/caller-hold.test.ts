// The caller holds the agent (a=inactive, then a=sendonly): the agent hears the queue's music
// (as Asterisk plays musiconhold to the held party), the caller's phone receives no RTP; resume
// restores both ways. Both holding at once: nobody gets music or audio; each resume in turn
// brings the other party's music back, then the talk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_HZ, CALLER_HZ, bridgedCall, heard, holdSdp, packetsIn, resumeSdp, sleep } from '../helpers/bridged-call.js';

const window = async (ms: number): Promise<[number, number]> => {
  const from = Date.now() + 700;
  await sleep(ms);
  return [from, Date.now()];
};

test('caller hold: music to the agent, nothing to the caller; both holding; resume', { timeout: 90_000 }, async (t) => {
  const { caller, agent, callerCall, agentCall } = await bridgedCall(t);
  await sleep(1500);
  let v = 10;
  for (const form of ['inactive', 'sendonly'] as const) {
    assert.match(await callerCall.reinvite(holdSdp(caller, form, ++v)), /^SIP\/2\.0 200/);
    const [from, to] = await window(2500);
    const music = heard(agent, from, to);
    t.diagnostic(`caller ${form}: agent hears rms ${music.rms} peak ${music.peakHz} Hz; caller received ${packetsIn(caller, from, to)} packets`);
    assert.ok(music.rms > 200 && Math.abs(music.peakHz - CALLER_HZ) > 30, `caller ${form}: the agent hears music, not the caller (${JSON.stringify(music)})`);
    assert.equal(packetsIn(caller, from, to), 0, `caller ${form}: the holding caller receives no audio`);
    assert.match(await callerCall.reinvite(resumeSdp(caller, ++v)), /^SIP\/2\.0 200/);
    const [rFrom, rTo] = await window(2000);
    assert.ok(Math.abs(heard(agent, rFrom, rTo).peakHz - CALLER_HZ) < 30, `caller ${form}: after resume the agent hears the caller`);
    assert.ok(Math.abs(heard(caller, rFrom, rTo).peakHz - AGENT_HZ) < 30, `caller ${form}: after resume the caller hears the agent`);
  }

  let av = 10;
  assert.match(await agentCall.reinvite(holdSdp(agent, 'sendonly', ++av)), /^SIP\/2\.0 200/);
  assert.match(await callerCall.reinvite(holdSdp(caller, 'inactive', ++v)), /^SIP\/2\.0 200/);
  const [bFrom, bTo] = await window(2000);
  assert.equal(packetsIn(caller, bFrom, bTo) + packetsIn(agent, bFrom, bTo), 0, 'both holding: neither phone receives audio');
  assert.match(await agentCall.reinvite(resumeSdp(agent, ++av)), /^SIP\/2\.0 200/);
  const [hFrom, hTo] = await window(2000);
  const agentHearsMusic = heard(agent, hFrom, hTo);
  assert.ok(agentHearsMusic.rms > 200 && Math.abs(agentHearsMusic.peakHz - CALLER_HZ) > 30, `the agent resumed, the caller still holds: music to the agent (${JSON.stringify(agentHearsMusic)})`);
  assert.equal(packetsIn(caller, hFrom, hTo), 0, 'the caller still holds: it receives nothing');
  assert.match(await callerCall.reinvite(resumeSdp(caller, ++v)), /^SIP\/2\.0 200/);
  const [eFrom, eTo] = await window(2000);
  assert.ok(Math.abs(heard(agent, eFrom, eTo).peakHz - CALLER_HZ) < 30, 'both resumed: the agent hears the caller');
  assert.ok(Math.abs(heard(caller, eFrom, eTo).peakHz - AGENT_HZ) < 30, 'both resumed: the caller hears the agent');
  assert.equal(await callerCall.hangup(), 'SIP/2.0 200 OK');
  await agentCall.ended;
});
