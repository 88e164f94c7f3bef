// Digits the caller presses while talking to an agent reach the agent's desk phone: a SIP INFO
// (application/dtmf-relay and application/dtmf) from the caller is relayed to the agent's
// dialog as the same INFO, as Asterisk/FreeSWITCH pass INFO through; an RFC 4733 digit passes
// through rtpengine as telephone-event packets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { header } from '../../../e2e/helpers/node-phone.js';
import { bridgedCall, sleep } from '../helpers/bridged-call.js';

test('caller digits during the call reach the agent: INFO relayed as INFO, RFC 4733 passed through', { timeout: 60_000 }, async (t) => {
  const { caller, agent, callerCall, agentCall } = await bridgedCall(t);
  await sleep(800);
  for (const [type, body] of [['application/dtmf-relay', 'Signal=5\r\nDuration=160\r\n'], ['application/dtmf', '#']] as const) {
    const arrived = agent.next((m) => m.startsWith('INFO ') && header(m, 'call-id') === agentCall.callId, 5000);
    const t0 = Date.now();
    assert.equal(await callerCall.info(type, body), 'SIP/2.0 200 OK', `${type}: the caller's INFO is accepted`);
    const info = await arrived;
    t.diagnostic(`${type}: INFO at the agent's phone ${Date.now() - t0} ms after the caller sent it`);
    assert.equal(header(info, 'content-type'), type);
    assert.equal(info.slice(info.indexOf('\r\n\r\n') + 4), body, `${type}: the digit arrives as sent`);
    agent.reply(info, '200 OK');
  }
  const before = agent.rtp.received.length;
  caller.rtp.sendRfc4733Digit('7', 160);
  await sleep(1200);
  const events = agent.rtp.received.slice(before).filter((p) => p.event !== undefined && p.payloadType !== 0);
  assert.ok(events.length >= 3 && events.every((p) => p.event === 7), `the agent's phone receives telephone-event 7 (${events.length} packets)`);
  await callerCall.hangup();
  await agentCall.ended;
});
