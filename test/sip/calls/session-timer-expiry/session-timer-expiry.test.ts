// Issue 11: a call whose far end vanishes silently is ended by its session timer. Two callers
// negotiate Session-Expires: 90 (they refresh) and are connected to the two demo agents: one
// vanishes and must be ended before its interval is out — BYE to the agent and to the caller,
// the record closed with cause `session timer`, the agent in wrap-up — while the other
// refreshes (UPDATE, then re-INVITE) and keeps its call past 90 s. Neither call leaves a
// session-timer clock set. The time from the answer (the last refresh of the vanished caller)
// to the BYE is printed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startCenter } from '../../../e2e/helpers/center.js';
import { header, type PhoneCall } from '../../../e2e/helpers/node-phone.js';
import { assertSippOk, startSipp, scenario } from '../../helpers/sipp.js';
import { pendingSessionTimers } from '../../../../server/sip/calls/session-timer-machine.js';
import { completedCall, DEMO_NUMBER, failOnUnhandledRejection, readyAgent, reposOf, routeDemoNumber } from '../helpers/call-rig.js';

const VANISHED = '+15550001111';
const REFRESHING = '+15550002222';

describe('session timer expiry', { timeout: 200_000 }, () => {
  it('a caller that vanishes is ended within its interval; one that refreshes keeps its call', async (t) => {
    const rejections = failOnUnhandledRejection(t);
    const c = await startCenter(t, { wrapUpSeconds: 30 });
    const repos = reposOf(c);
    const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
    assert.ok(sales);
    await routeDemoNumber(repos, { type: 'queue', id: sales.id });
    const agents = await Promise.all([readyAgent(c, 'agent1'), readyAgent(c, 'agent2')]);
    t.after(() => agents.forEach((a) => a.phone.close()));
    // Each agent answers one call; which one gets which is the ACD's choice, told by the INVITE's From.
    const answered = agents.map((a) => a.phone.answerNext(200).then((call) => ({ ...a, call })));
    const answeredCall = (from: string): Promise<(typeof agents)[number] & { call: PhoneCall }> =>
      Promise.any(answered.map((p) => p.then((got) => (header(got.call.invite ?? '', 'from').includes(from) ? got : Promise.reject(new Error('the other call'))))));

    const remote = `127.0.0.1:${c.sipPort}`;
    const vanishing = await startSipp({ scenario: scenario('calls/session-timer-expiry', 'caller-vanishes.xml'), transport: 'udp', remote, service: DEMO_NUMBER, timeoutSec: 120 });
    t.after(() => vanishing.kill());
    const vanishedAgent = await answeredCall(VANISHED);
    const refreshing = await startSipp({ scenario: scenario('calls/session-timer-expiry', 'caller-refreshes.xml'), transport: 'udp', remote, service: DEMO_NUMBER, timeoutSec: 150 });
    t.after(() => refreshing.kill());
    const refreshingAgent = await answeredCall(REFRESHING);
    assert.notEqual(vanishedAgent.id, refreshingAgent.id, 'each call has its own agent');
    assert.match(header(vanishedAgent.call.invite ?? '', 'session-expires'), /^1800;refresher=uac$/, 'the agent leg is offered a session timer');
    assert.match(header(vanishedAgent.call.invite ?? '', 'supported'), /\btimer\b/, 'the agent leg INVITE says Supported: timer');

    // The vanished caller: BYE to the agent, then to the caller, within the 90 s interval.
    await vanishedAgent.call.ended;
    const byeAt = Date.now();
    assertSippOk(await vanishing.done, 'vanishing caller (expects a BYE from the center)');
    const expiry = c.logs.find((l) => l.msg === 'session timer expired; ending the call');
    assert.ok(expiry, 'the expiry is logged');
    assert.equal(expiry.leg, 'caller');
    const started = c.logs.find((l) => l.msg === 'session timer started' && l.leg === 'caller' && l.callId === expiry.callId);
    assert.ok(started, 'the caller leg timer started at the answer');
    const byeAfterMs = byeAt - Number(started.time);
    assert.ok(typeof expiry.callId === 'string' && typeof expiry.sipCallId === 'string', 'the log line names the call id and the SIP Call-ID');
    const sinceRefreshMs = Number(expiry.sinceRefreshMs);
    console.log(`vanished caller: BYE at the agent ${byeAfterMs} ms after our 200 OK (its last refresh); the timer saw ${sinceRefreshMs} ms since the last refresh (RFC 4028 §10: 90 s - 30 s = 60000 ms)`);
    assert.ok(sinceRefreshMs >= 59_000 && sinceRefreshMs < 90_000, `expired after ${sinceRefreshMs} ms, within the interval`);
    assert.ok(byeAfterMs < 90_000, `the agent had its BYE ${byeAfterMs} ms after the last refresh`);
    const record = await completedCall(repos, (r) => r.from_number === VANISHED);
    assert.deepEqual([record.hangup_cause, record.hangup_side, record.disposition, record.agent_id], ['session timer', 'system', 'answered', vanishedAgent.id]);
    const legs = await repos.calls.legs(record.id);
    assert.ok(legs.every((l) => l.ended_at !== null), 'every leg of the call is closed');
    assert.equal(c.sb.acd.agentState(vanishedAgent.id).status, 'wrap-up', 'the agent is freed into wrap-up');

    // The refreshing caller is still connected past its interval, and hangs up itself.
    assert.equal(c.sb.acd.agentState(refreshingAgent.id).status, 'on-call', 'the refreshing caller is still connected');
    assertSippOk(await refreshing.done, 'refreshing caller (UPDATE and re-INVITE refreshes, each 2xx with Session-Expires, BYE at 100 s)');
    const kept = await completedCall(repos, (r) => r.from_number === REFRESHING);
    assert.equal(kept.hangup_side, 'caller');
    assert.ok(Number(kept.duration_seconds) >= 95, `the refreshed call lasted ${kept.duration_seconds} s, past its 90 s interval`);
    assert.equal(c.logs.filter((l) => l.msg === 'session timer expired; ending the call').length, 1, 'only the vanished call expired');

    await eventually(async () => (c.sb.callCenter.calls.size === 0 ? true : undefined), 10_000, 'every call ended');
    assert.equal(pendingSessionTimers(), 0, 'no session-timer clock is left set');
    assert.deepEqual(rejections, []);
  });
});
