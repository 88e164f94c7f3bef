// RFC 4028 negotiation at the caller's INVITE: an interval below our minimum (90 s, the RFC's
// floor) is refused with 422 and Min-SE before anything is set up; the caller's retry at 90 s
// is answered with Session-Expires and Require: timer. The negotiation rules themselves are
// pure and checked here case by case (refresher choice, lowering, Min-SE, malformed values).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter } from '../../../e2e/helpers/center.js';
import { assertSippOk, runSipp, scenario } from '../../helpers/sipp.js';
import { negotiateAsUas, settledByAnswer, expiryDelaySec, defaultSessionTimerPolicy as policy, type HeaderSource } from '../../../../server/sip/calls/session-timer-negotiation.js';
import { completedCall, DEMO_NUMBER, reposOf } from '../helpers/call-rig.js';

function headers(h: Record<string, string>): HeaderSource {
  const lower = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (n) => lower[n.toLowerCase()] ?? '', has: (n) => n.toLowerCase() in lower };
}

describe('Session-Expires below Min-SE', { timeout: 60_000 }, () => {
  it('negotiates as RFC 4028 §9 says', () => {
    assert.deepEqual(negotiateAsUas(headers({ 'Session-Expires': '60', Supported: 'timer' }), policy),
      { kind: 'refuse', status: 422, reason: 'Session Interval Too Small', headers: { 'Min-SE': '90' } });
    assert.deepEqual(negotiateAsUas(headers({ 'Session-Expires': '90', Supported: 'replaces, timer' }), policy),
      { kind: 'accept', intervalSec: 90, weRefresh: false, headers: { 'Session-Expires': '90;refresher=uac', Require: 'timer' } });
    // the caller may ask us to refresh
    assert.deepEqual(negotiateAsUas(headers({ 'Session-Expires': '120;refresher=uas', Supported: 'timer' }), policy),
      { kind: 'accept', intervalSec: 120, weRefresh: true, headers: { 'Session-Expires': '120;refresher=uas', Require: 'timer' } });
    // compact form, lowered to our interval
    assert.deepEqual(negotiateAsUas(headers({ x: '7200', k: 'timer' }), policy),
      { kind: 'accept', intervalSec: 1800, weRefresh: false, headers: { 'Session-Expires': '1800;refresher=uac', Require: 'timer' } });
    // a caller without `timer` cannot refresh: we do, and require nothing of it
    assert.deepEqual(negotiateAsUas(headers({}), policy), { kind: 'accept', intervalSec: 1800, weRefresh: true, headers: { 'Session-Expires': '1800;refresher=uas' } });
    // the caller's own Min-SE is a floor for our interval too
    const withMin = negotiateAsUas(headers({ 'Min-SE': '2000', Supported: 'timer' }), policy);
    assert.equal(withMin.kind === 'accept' && withMin.intervalSec, 2000);
    assert.equal(negotiateAsUas(headers({ 'Session-Expires': 'soon' }), policy).kind, 'refuse');
    assert.equal(negotiateAsUas(headers({ 'Session-Expires': '0' }), policy).kind, 'refuse');
    // the 2xx to our request: refresher=uac is us (the request's sender); no header: we refresh
    assert.deepEqual(settledByAnswer(headers({ 'Session-Expires': '600;refresher=uas' }), 1800), { intervalSec: 600, weRefresh: false });
    assert.deepEqual(settledByAnswer(headers({}), 1800), { intervalSec: 1800, weRefresh: true });
    // §10: the side that does not refresh gives up a third (at most 32 s) before the end
    assert.equal(expiryDelaySec(90), 60);
    assert.equal(expiryDelaySec(1800), 1768);
  });

  it('a caller offering 60 s gets 422 with Min-SE: 90, and its retry at 90 s is answered with the timer', async (t) => {
    const c = await startCenter(t);
    const result = await runSipp({ scenario: scenario('calls/session-timer-too-small', 'caller-min-se.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: DEMO_NUMBER, timeoutSec: 20 });
    assertSippOk(result, 'caller (expects 422 with Min-SE: 90, then 200 with Session-Expires: 90;refresher=uac and Require: timer)');
    const repos = reposOf(c);
    const refused = await completedCall(repos, (r) => r.hangup_cause === '422 Session Interval Too Small');
    assert.equal(refused.disposition, 'failed');
    const answered = await completedCall(repos, (r) => r.id !== refused.id);
    assert.equal(answered.hangup_side, 'caller');
    assert.ok(c.logs.some((l) => l.msg === 'session interval refused' && l.status === 422), 'the refusal is logged');
  });
});
