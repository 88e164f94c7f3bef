// AcdService on a fake clock and the in-memory store:
// calls the ACD did not route (dialled straight to an agent) keep that agent out of queue offers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IllegalTransitionError } from '../../../server/acd/acd-errors.js';
import { agents, isCode, rig, sales } from './acd-rig.js';

describe('AcdService direct calls', () => {
  it('an agent on a direct call is not offered queue calls until it ends, then is offered the waiting one', async () => {
    const r = await rig(agents, [sales({ wrapUpSeconds: 30 })]);
    await r.login('a');
    assert.deepEqual(await r.acd.directCall('d1', 'a'), { status: 'on-call', callId: 'd1' });
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    assert.deepEqual(r.log, []);
    await r.acd.callerHungUp('d1');
    assert.deepEqual(r.log, ['offer k1 a'], 'no wrap-up after a direct call');
    assert.deepEqual(r.store.statesOf('a'), ['available', 'on-call', 'available', 'ringing']);
    assert.deepEqual(r.store.eventsOf('d1'), [], 'a direct call is not in the queue log');
  });

  it('a not-ready agent who takes a direct call is not-ready again afterwards', async () => {
    const r = await rig(agents, [sales()]);
    await r.login('a');
    await r.acd.agentNotReady('a', 'admin');
    await r.acd.directCall('d1', 'a');
    await r.acd.agentHungUp('d1');
    assert.deepEqual(r.acd.agentState('a'), { status: 'not-ready', reason: 'admin' });
  });

  it('an agent being rung who takes a direct call gives the offer up to the next agent', async () => {
    const r = await rig(agents, [sales()]);
    await r.login('a', 'b');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.acd.directCall('d1', 'a');
    assert.deepEqual(r.log, ['offer k1 a', 'cancel k1 a agent-unavailable', 'offer k1 b']);
    assert.deepEqual(r.acd.agentState('a'), { status: 'on-call', callId: 'd1' });
  });

  it('a logged-out agent is not tracked; an agent on a call cannot take another', async () => {
    const r = await rig(agents, [sales()]);
    assert.deepEqual(await r.acd.directCall('d1', 'a'), { status: 'logged-out' });
    await assert.rejects(r.acd.callerHungUp('d1'), isCode('unknown-call'));
    await r.login('b');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.acd.answered('k1', 'b');
    await assert.rejects(r.acd.directCall('d2', 'b'), IllegalTransitionError);
    await assert.rejects(r.acd.directCall('k1', 'c'), isCode('invalid-request'), 'k1 is a queue call');
  });
});
