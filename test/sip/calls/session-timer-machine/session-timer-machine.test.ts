// The per-leg session timer on its own (pure logic, short intervals): the transition table
// refuses what it does not list, the refresher refreshes at half the interval, a refused
// refresh is retried, a failed one or a missed one ends the session once, and whatever stops
// the timer clears its clock (pendingSessionTimers() back to 0).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextTimerState, pendingSessionTimers, SessionTimer, type RefreshResult, type SessionEnd } from '../../../../server/sip/calls/session-timer-machine.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function rig(intervalSec: number, weRefresh: boolean, answers: RefreshResult[]) {
  const refreshedAt: number[] = [];
  const ends: SessionEnd[] = [];
  const refused: string[] = [];
  const started = Date.now();
  const timer = new SessionTimer({ intervalSec, weRefresh }, {
    refresh: () => {
      refreshedAt.push(Date.now() - started);
      return Promise.resolve(answers.shift() ?? { kind: 'failed', status: 0 });
    },
    ended: (end) => ends.push(end),
  }, (state, event) => refused.push(`${state}/${event.type}`));
  return { timer, refreshedAt, ends, refused };
}

describe('session timer machine', { timeout: 20_000 }, () => {
  it('has a transition table that refuses the unlisted', () => {
    assert.equal(nextTimerState('armed', { type: 'refresh-due' }), 'refreshing');
    assert.equal(nextTimerState('armed', { type: 'refresh-failed', status: 408 }), undefined, 'only a refresh in flight can fail');
    assert.equal(nextTimerState('refreshing', { type: 'refresh-refused', status: 491 }), 'armed');
    assert.equal(nextTimerState('refreshing', { type: 'refreshed', intervalSec: 90, weRefresh: true }), 'armed');
    assert.equal(nextTimerState('stopped', { type: 'refreshed', intervalSec: 90, weRefresh: true }), undefined, 'a stopped timer never restarts');
    const { timer, refused } = rig(60, false, []);
    timer.fire({ type: 'stop' });
    assert.equal(timer.fire({ type: 'expired' }), false);
    assert.deepEqual(refused, ['stopped/expired']);
    assert.equal(pendingSessionTimers(), 0);
  });

  it('refreshes at half the interval, retries a refused refresh and ends on a failed one', async () => {
    const { timer, refreshedAt, ends } = rig(0.4, true, [
      { kind: 'refreshed', negotiated: { intervalSec: 0.4, weRefresh: true } },
      { kind: 'refused', status: 491 },
      { kind: 'failed', status: 481 },
    ]);
    await sleep(900);
    assert.equal(refreshedAt.length, 3, `refreshes at ${refreshedAt.join(', ')} ms`);
    assert.ok((refreshedAt[0] ?? 0) >= 190 && (refreshedAt[0] ?? 0) < 350, `first refresh at ${refreshedAt[0]} ms of a 400 ms interval`);
    assert.equal(ends.length, 1);
    assert.deepEqual([ends[0]?.why, ends[0]?.status], ['refresh-failed', 481]);
    assert.equal(timer.state, 'stopped');
    assert.equal(pendingSessionTimers(), 0, 'no clock left after the end');
  });

  it('expires when the peer does not refresh, and a refresh from the peer postpones it', async () => {
    const { timer, ends } = rig(0.6, false, []);
    await sleep(300);
    timer.fire({ type: 'refreshed', intervalSec: 0.6, weRefresh: false });
    await sleep(300);
    assert.equal(ends.length, 0, 'the refresh postponed the expiry');
    await sleep(300);
    assert.equal(ends.length, 1);
    assert.equal(ends[0]?.why, 'expired');
    // §10: a third of the interval before its end
    assert.ok((ends[0]?.sinceRefreshMs ?? 0) >= 390 && (ends[0]?.sinceRefreshMs ?? 0) < 550, `expired ${ends[0]?.sinceRefreshMs} ms after the refresh`);
    assert.equal(pendingSessionTimers(), 0);
  });
});
