// When the caller asks us to refresh (Session-Expires: 90;refresher=uas) we send the refresh
// at half the interval — as UPDATE without SDP to a caller that allows it, else as a
// re-INVITE with our SDP unchanged (same o= line, so rtpengine's anchor is not touched) — and
// a refresh answered 481 or 408 ends the call: BYE, the record closed with cause
// `session timer`, no session-timer clock left. The delay the caller measured is printed.
// On the agent leg we always refresh (a desk phone that vanishes must be noticed even if it
// does not do timers): with a 90 s policy, an agent phone that stops answering gets our
// re-INVITE at 45 s, no answer ends the call when the transaction gives up (408, 32 s later),
// and the caller — which kept its own leg refreshed — gets the BYE. (No BYE reaches the dead
// phone: the engine drops a dialog whose request timed out, RFC 3261 §12.2.1.2.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startCenter } from '../../../e2e/helpers/center.js';
import { header } from '../../../e2e/helpers/node-phone.js';
import { assertSippOk, startSipp, scenario, type SippResult } from '../../helpers/sipp.js';
import { pendingSessionTimers } from '../../../../server/sip/calls/session-timer-machine.js';
import { completedCall, DEMO_NUMBER, failOnUnhandledRejection, readyAgent, reposOf, routeDemoNumber } from '../helpers/call-rig.js';

const originOf = (msg: string): string => /^o=.*$/m.exec(msg)?.[0]?.trim() ?? '';

/** Milliseconds between the caller's answer and our refresh, from the caller's own log. */
function refreshDelayMs(result: SippResult): number {
  const tick = (what: string): number => Number(new RegExp(`${what} (\\d+)`).exec(result.output)?.[1] ?? NaN);
  return tick('REFRESH') - tick('ANSWERED');
}

describe('we are the refresher', { timeout: 170_000 }, () => {
  it('refreshes at half the interval by UPDATE or re-INVITE, and a 481 or 408 or no answer ends the call', async (t) => {
    const rejections = failOnUnhandledRejection(t);
    const c = await startCenter(t, { sessionTimers: { sessionExpiresSec: 90, minSeSec: 90 } });
    const repos = reposOf(c);
    const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
    assert.ok(sales);
    // The demo number's queue has nobody logged in: those callers wait there, the caller leg
    // alone carries the timer. A second number rings agent1 (extension 1001) directly.
    await routeDemoNumber(repos, { type: 'queue', id: sales.id });
    await repos.numbers.create({ e164: '+15550200', destination: { type: 'extension', extension: '1001' } });
    const agent = await readyAgent(c, 'agent1');
    t.after(() => agent.phone.close());
    await c.sb.acd.agentNotReady(agent.id, 'direct calls only');
    const remote = `127.0.0.1:${c.sipPort}`;
    const run = async (file: string, service = DEMO_NUMBER) => {
      const sipp = await startSipp({ scenario: scenario('calls/session-timer-refresher', file), transport: 'udp', remote, service, timeoutSec: 130, extra: ['-trace_logs'] });
      t.after(() => sipp.kill());
      return sipp.done;
    };
    const agentAnswered = agent.phone.answerNext(200);
    const agentCaller = run('caller-agent-vanishes.xml', '15550200');
    const agentCall = await agentAnswered;
    const agentAnsweredAt = Date.now();
    const refresherCallers = Promise.all([run('caller-update-481.xml'), run('caller-invite-408.xml')]);
    // From here on the desk phone is gone: it reads our refresh and never answers it.
    const refresh = await agent.phone.next((m) => m.startsWith('INVITE ') && header(m, 'call-id') === agentCall.callId, 70_000);
    const agentRefreshMs = Date.now() - agentAnsweredAt;
    const [byUpdate, byInvite] = await refresherCallers;
    assertSippOk(byUpdate, 'UPDATE caller (expects an UPDATE refresh at ~45 s, answers 481, expects BYE)');
    assertSippOk(byInvite, 'INVITE caller (expects a re-INVITE refresh at ~45 s, answers 408, expects BYE)');

    for (const [how, result] of [['UPDATE', byUpdate], ['re-INVITE', byInvite]] as const) {
      const ms = refreshDelayMs(result);
      console.log(`${how} refresh reached the caller ${ms} ms after its answer (half of 90 s = 45000 ms)`);
      assert.ok(ms >= 44_000 && ms <= 50_000, `${how} refresh after ${ms} ms`);
    }
    const origins = /ORIGIN answer=(.*) refresh=(.*)/.exec(byInvite.output);
    assert.ok(origins && /^o=\S+ \d+ \d+ IN IP4 /.test(origins[1] ?? ''), `the re-INVITE carried SDP: ${origins?.[0] ?? byInvite.output}`);
    assert.equal(origins[2]?.trim(), origins[1]?.trim(), 'the refresh repeats our SDP unchanged (same o= line)');

    for (const [from, status] of [['+15550003333', 481], ['+15550004444', 408]] as const) {
      const row = await completedCall(repos, (r) => r.from_number === from);
      assert.deepEqual([row.hangup_cause, row.hangup_side], ['session timer', 'system'], `the ${status} call's record`);
      const expiry = c.logs.find((l) => l.msg === 'session timer expired; ending the call' && l.leg === 'caller' && l.status === status);
      assert.ok(expiry, `the ${status} refresh failure is logged`);
      assert.equal(expiry.callId, row.id, 'the log line names the call');
      assert.equal(expiry.why, 'refresh-failed');
    }
    // The agent leg: our re-INVITE at half the interval with our SDP unchanged, no answer ends the call.
    console.log(`agent leg: our re-INVITE reached the desk phone ${agentRefreshMs} ms after it answered (half of 90 s = 45000 ms)`);
    assert.ok(agentRefreshMs >= 43_000 && agentRefreshMs <= 50_000, `agent refresh after ${agentRefreshMs} ms`);
    assert.match(header(refresh, 'session-expires'), /^90;refresher=uac$/);
    assert.equal(originOf(refresh), originOf(agentCall.invite ?? ''), 'the refresh repeats the SDP of our INVITE (same o= line)');
    assertSippOk(await agentCaller, 'caller of the vanished agent (refreshes its own leg, then expects the BYE)');
    const agentRow = await completedCall(repos, (r) => r.from_number === '+15550005555');
    const agentEndMs = Number(agentRow.ended_at) - agentAnsweredAt;
    console.log(`agent leg: call ended ${agentEndMs} ms after the desk phone answered (refresh at 45 s + 32 s transaction timeout)`);
    assert.ok(agentEndMs < 90_000, 'ended within the interval');
    assert.deepEqual([agentRow.hangup_cause, agentRow.hangup_side, agentRow.agent_id], ['session timer', 'system', agent.id]);
    const agentExpiry = c.logs.find((l) => l.msg === 'session timer expired; ending the call' && l.leg === 'agent');
    assert.ok(agentExpiry, 'the agent leg expiry is logged');
    assert.equal(agentExpiry.why, 'refresh-failed');
    assert.equal(agentExpiry.legSipCallId, agentCall.callId, 'the log line names the agent leg\'s SIP Call-ID');
    assert.ok(['wrap-up', 'available', 'not-ready'].includes(c.sb.acd.agentState(agent.id).status), `the agent is off the call (${c.sb.acd.agentState(agent.id).status})`);

    await eventually(async () => (c.sb.callCenter.calls.size === 0 ? true : undefined), 10_000, 'every call ended');
    assert.equal(pendingSessionTimers(), 0, 'no session-timer clock is left set');
    assert.deepEqual(rejections, []);
  });
});
