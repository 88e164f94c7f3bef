// When the caller asks us to refresh (Session-Expires: 90;refresher=uas) we send the refresh
// at half the interval — as UPDATE without SDP to a caller that allows it, else as a
// re-INVITE with our SDP unchanged (same o= line, so rtpengine's anchor is not touched) — and
// a refresh answered 481 or 408 ends the call: BYE, the record closed with cause
// `session timer`, no session-timer clock left. The delay the caller measured is printed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startCenter } from '../../../e2e/helpers/center.js';
import { assertSippOk, startSipp, scenario, type SippResult } from '../../helpers/sipp.js';
import { pendingSessionTimers } from '../../../../server/sip/calls/session-timer-machine.js';
import { completedCall, DEMO_NUMBER, failOnUnhandledRejection, reposOf, routeDemoNumber } from '../helpers/call-rig.js';

/** Milliseconds between the caller's answer and our refresh, from the caller's own log. */
function refreshDelayMs(result: SippResult): number {
  const tick = (what: string): number => Number(new RegExp(`${what} (\\d+)`).exec(result.output)?.[1] ?? NaN);
  return tick('REFRESH') - tick('ANSWERED');
}

describe('we are the refresher', { timeout: 120_000 }, () => {
  it('refreshes at half the interval by UPDATE or re-INVITE, and a 481 or 408 ends the call', async (t) => {
    const rejections = failOnUnhandledRejection(t);
    const c = await startCenter(t);
    const repos = reposOf(c);
    const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
    assert.ok(sales);
    // Nobody is logged in: both callers wait in the queue, the caller leg alone carries the timer.
    await routeDemoNumber(repos, { type: 'queue', id: sales.id });
    const remote = `127.0.0.1:${c.sipPort}`;
    const run = async (file: string) => {
      const sipp = await startSipp({ scenario: scenario('calls/session-timer-refresher', file), transport: 'udp', remote, service: DEMO_NUMBER, timeoutSec: 90, extra: ['-trace_logs'] });
      t.after(() => sipp.kill());
      return sipp.done;
    };
    const [byUpdate, byInvite] = await Promise.all([run('caller-update-481.xml'), run('caller-invite-408.xml')]);
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
      const expiry = c.logs.find((l) => l.msg === 'session timer expired; ending the call' && l.status === status);
      assert.ok(expiry, `the ${status} refresh failure is logged`);
      assert.equal(expiry.callId, row.id, 'the log line names the call');
      assert.equal(expiry.why, 'refresh-failed');
    }
    await eventually(async () => (c.sb.callCenter.calls.size === 0 ? true : undefined), 10_000, 'every call ended');
    assert.equal(pendingSessionTimers(), 0, 'no session-timer clock is left set');
    assert.deepEqual(rejections, []);
  });
});
