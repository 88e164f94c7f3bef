// AcdService on a fake clock and the in-memory store: offers by strategy, ring timeout to
// the next agent (the silent one goes not-ready), wrap-up, overflow, abandon, ring-all,
// record-before-announce and recovery from a failing store.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AcdError, IllegalTransitionError } from '../../../server/acd/acd-errors.js';
import { agentConfig, queueConfig } from './memory-store.js';
import { rig } from './acd-rig.js';

const agents = ['a', 'b', 'c'].map((id) => agentConfig(id));
const sales = (overrides = {}) => queueConfig('sales', ['a', 'b', 'c'], overrides);
const isCode = (code: string) => (e: unknown) => e instanceof AcdError && e.code === code;

describe('AcdService', () => {
  it('offers a call to the longest-idle agent and connects it on answer', async () => {
    const r = await rig(agents, [sales()]);
    await r.login('b', 'a', 'c');
    assert.deepEqual(await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '+15550001' }), { status: 'queued', position: 1 });
    assert.deepEqual(r.log, ['offer k1 b']);
    assert.equal(r.status('b'), 'ringing');
    await r.advance(3);
    await r.acd.answered('k1', 'b');
    assert.equal(r.status('b'), 'on-call');
    assert.deepEqual(r.store.eventsOf('k1'), ['entered', 'offered:b', 'answered:b']);
    assert.equal(r.store.queueEvents.at(-1)?.data.waitSeconds, 3);
    assert.deepEqual(r.store.calls.get('k1'), { status: 'connected', queueId: 'sales', queueEnteredAt: r.clock.now() - 3000, agentId: 'b', queueLeftAt: r.clock.now(), disposition: 'answered' });
    assert.deepEqual(r.store.statesOf('b'), ['available', 'ringing', 'on-call']);
    // The next call goes to the next longest idle.
    await r.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '+15550002' });
    assert.deepEqual(r.log, ['offer k1 b', 'offer k2 a']);
  });

  it('on ring timeout offers the next agent and puts the silent one in not-ready', async () => {
    const r = await rig(agents, [sales({ ringTimeoutSeconds: 15 })]);
    await r.login('a', 'b');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.advance(14.9);
    assert.deepEqual(r.log, ['offer k1 a']);
    await r.advance(0.2);
    assert.deepEqual(r.log, ['offer k1 a', 'cancel k1 a ring-timeout', 'offer k1 b']);
    assert.deepEqual(r.acd.agentState('a'), { status: 'not-ready', reason: 'ring-no-answer' });
    assert.deepEqual(r.store.eventsOf('k1'), ['entered', 'offered:a', 'no-answer:a', 'offered:b']);
    // b does not answer either: nobody is left, the caller keeps waiting in position 1.
    await r.advance(15);
    assert.equal(r.status('b'), 'not-ready');
    assert.equal(r.acd.position('k1'), 1);
    // a comes back and gets the call again.
    await r.acd.agentReady('a');
    assert.equal(r.log.at(-1), 'offer k1 a');
  });

  it('a declined or unreachable agent goes not-ready with that reason and the call moves on at once', async () => {
    const r = await rig(agents, [sales()]);
    await r.login('a', 'b');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.acd.noAnswer('k1', 'a', 'busy');
    assert.deepEqual(r.acd.agentState('a'), { status: 'not-ready', reason: 'busy' });
    assert.deepEqual(r.log, ['offer k1 a', 'offer k1 b']);
    await assert.rejects(r.acd.noAnswer('k1', 'a', 'busy'), isCode('offer-not-found'));
    await assert.rejects(r.acd.answered('k1', 'c'), isCode('offer-not-found'));
  });

  it('wrap-up: queue time by default, the agent\'s own when set; then available and offered again', async () => {
    const r = await rig([agentConfig('a'), agentConfig('b', 5)], [sales({ wrapUpSeconds: 30 })]);
    await r.login('a', 'b');
    for (const [call, agent] of [['k1', 'a'], ['k2', 'b']] as const) {
      await r.acd.enqueue({ callId: call, queueId: 'sales', callerNumber: '1' });
      await r.acd.answered(call, agent);
    }
    await r.acd.callerHungUp('k1');
    await r.acd.agentHungUp('k2');
    assert.equal(r.status('a'), 'wrap-up');
    assert.equal(r.status('b'), 'wrap-up');
    await r.acd.enqueue({ callId: 'k3', queueId: 'sales', callerNumber: '1' });
    await r.advance(5);
    assert.equal(r.status('b'), 'ringing', 'b wrapped up after its own 5 s and took k3');
    assert.equal(r.status('a'), 'wrap-up');
    await r.acd.answered('k3', 'b');
    await r.advance(25);
    assert.equal(r.status('a'), 'available');
    assert.deepEqual(r.store.eventsOf('k1'), ['entered', 'offered:a', 'answered:a', 'completed:a']);
    assert.equal(r.store.queueEvents.find((e) => e.callId === 'k2' && e.event === 'completed')?.data.hungUpBy, 'agent');
  });

  it('an agent ends wrap-up early by going ready; no wrap-up time means straight to available', async () => {
    const r = await rig(agents, [sales({ wrapUpSeconds: 60 }), queueConfig('fast', ['c'])]);
    await r.login('a', 'c');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.acd.answered('k1', 'a');
    await r.acd.callerHungUp('k1');
    await r.acd.agentReady('a');
    assert.equal(r.status('a'), 'available');
    await r.advance(60);
    assert.deepEqual(r.store.statesOf('a'), ['available', 'ringing', 'on-call', 'wrap-up', 'available'], 'the cancelled timer wrote nothing');
    await r.acd.enqueue({ callId: 'k2', queueId: 'fast', callerNumber: '1' });
    await r.acd.answered('k2', 'c');
    await r.acd.callerHungUp('k2');
    assert.equal(r.status('c'), 'available');
  });

  it('not-ready asked during a call applies after wrap-up', async () => {
    const r = await rig(agents, [sales({ wrapUpSeconds: 10 })]);
    await r.login('a');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.acd.answered('k1', 'a');
    assert.deepEqual(await r.acd.agentNotReady('a', 'lunch'), { status: 'on-call', callId: 'k1', pendingNotReady: 'lunch' });
    await r.acd.callerHungUp('k1');
    await r.advance(10);
    assert.deepEqual(r.acd.agentState('a'), { status: 'not-ready', reason: 'lunch' });
    await r.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '1' });
    assert.deepEqual(r.log, ['offer k1 a'], 'a not-ready agent is not offered calls');
  });

  it('an agent who logs out or goes not-ready while rung releases the call to the next agent', async () => {
    const r = await rig(agents, [sales()]);
    await r.login('a', 'b', 'c');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.acd.agentLogout('a');
    await r.acd.agentNotReady('b', 'toilet');
    assert.deepEqual(r.log, ['offer k1 a', 'cancel k1 a agent-unavailable', 'offer k1 b', 'cancel k1 b agent-unavailable', 'offer k1 c']);
    assert.equal(r.status('a'), 'logged-out');
    assert.deepEqual(r.acd.agentState('b'), { status: 'not-ready', reason: 'toilet' });
  });

  it('overflows a caller after max wait, releasing the agent being rung', async () => {
    const destination = { type: 'queue' as const, id: 'backup' };
    const r = await rig(agents, [sales({ maxWaitSeconds: 60, ringTimeoutSeconds: 100, overflowDestination: destination })]);
    const overflows: unknown[] = [];
    r.acd.on('overflow', (e) => overflows.push(e));
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.advance(50);
    await r.login('a');
    assert.equal(r.status('a'), 'ringing');
    await r.advance(10);
    assert.deepEqual(r.log, ['offer k1 a', 'cancel k1 a overflow', 'overflow k1 max-wait']);
    assert.equal(r.status('a'), 'available', 'the agent did nothing wrong');
    assert.deepEqual(overflows, [{ callId: 'k1', queueId: 'sales', reason: 'max-wait', destination, waitSeconds: 60 }]);
    assert.deepEqual(r.store.eventsOf('k1'), ['entered', 'offered:a', 'overflowed']);
    assert.equal(r.store.calls.get('k1')?.disposition, 'overflow');
    assert.equal(r.acd.position('k1'), undefined);
    await assert.rejects(r.acd.answered('k1', 'a'), isCode('offer-not-found'));
    assert.equal(r.clock.pending, 0, 'no timer left behind');
  });

  it('turns callers away at max queue length with the overflow destination', async () => {
    const r = await rig(agents, [sales({ maxQueueLength: 2 })]);
    for (const callId of ['k1', 'k2']) assert.equal((await r.acd.enqueue({ callId, queueId: 'sales', callerNumber: '1' })).status, 'queued');
    assert.deepEqual(await r.acd.enqueue({ callId: 'k3', queueId: 'sales', callerNumber: '1' }), { status: 'overflow', reason: 'queue-full', destination: null });
    assert.deepEqual(r.store.eventsOf('k3'), ['overflowed']);
    assert.equal(r.store.queueEvents.at(-1)?.data.reason, 'queue-full');
    assert.equal(r.acd.snapshot().queues[0]?.stats.overflowed, 1);
  });

  it('records an abandoned caller with its wait and frees the agent being rung', async () => {
    const r = await rig(agents, [sales()]);
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '2' });
    await r.advance(42);
    await r.acd.callerHungUp('k1');
    const abandoned = r.store.queueEvents.at(-1);
    assert.deepEqual([abandoned?.event, abandoned?.data], ['abandoned', { waitSeconds: 42, position: 1 }]);
    assert.equal(r.store.calls.get('k1')?.disposition, 'abandoned');
    assert.equal(r.acd.position('k2'), 1);
    await r.login('a');
    await r.acd.callerHungUp('k2');
    assert.deepEqual(r.log, ['offer k2 a', 'cancel k2 a caller-hung-up']);
    assert.equal(r.status('a'), 'available');
    await assert.rejects(r.acd.callerHungUp('k2'), isCode('unknown-call'));
  });

  it('serves higher priority first, then arrival, across queues', async () => {
    const r = await rig(agents, [sales({ priorityRules: [{ caller_prefix: '+44', priority: 3 }] }), queueConfig('support', ['a'])]);
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '+1555' });
    await r.acd.enqueue({ callId: 'k2', queueId: 'support', callerNumber: '+1555' });
    assert.deepEqual(await r.acd.enqueue({ callId: 'k3', queueId: 'sales', callerNumber: '+4420' }), { status: 'queued', position: 1 });
    assert.deepEqual(await r.acd.enqueue({ callId: 'k4', queueId: 'sales', callerNumber: '+1555', priority: 9 }), { status: 'queued', position: 1 });
    assert.deepEqual(r.acd.snapshot().queues[0]?.waiting.map((w) => [w.callId, w.position, w.priority]), [['k4', 1, 9], ['k3', 2, 3], ['k1', 3, 0]]);
    await r.login('a');
    for (const callId of ['k4', 'k3', 'k1', 'k2']) {
      assert.equal(r.log.at(-1), `offer ${callId} a`);
      await r.acd.answered(callId, 'a');
      await r.acd.callerHungUp(callId);
    }
  });

  it('ring-all rings every free member; the first to answer wins, the others are released', async () => {
    const r = await rig(agents, [sales({ strategy: 'ring-all' })]);
    await r.login('a', 'b', 'c');
    await r.acd.agentNotReady('c', 'break');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    assert.deepEqual(r.log, ['offer k1 a', 'offer k1 b']);
    await r.acd.answered('k1', 'b');
    assert.deepEqual(r.log.slice(2), ['cancel k1 a answered-elsewhere']);
    assert.equal(r.status('a'), 'available');
    assert.equal(r.status('b'), 'on-call');
  });

  it('ring-all timeout puts every silent agent in not-ready', async () => {
    const r = await rig(agents, [sales({ strategy: 'ring-all', ringTimeoutSeconds: 10 })]);
    await r.login('a', 'b');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.advance(10);
    assert.deepEqual([r.status('a'), r.status('b')], ['not-ready', 'not-ready']);
  });

  it('round-robin, fewest-calls and random route through the queue', async () => {
    const rr = await rig(agents, [sales({ strategy: 'round-robin' })]);
    await rr.login('c', 'b', 'a');
    for (const callId of ['k1', 'k2', 'k3', 'k4']) {
      await rr.acd.enqueue({ callId, queueId: 'sales', callerNumber: '1' });
      const agent = rr.log.at(-1)?.split(' ')[2] ?? '';
      await rr.acd.answered(callId, agent);
      await rr.acd.callerHungUp(callId);
    }
    assert.deepEqual(rr.log.map((l) => l.split(' ')[2]), ['a', 'b', 'c', 'a']);

    const fc = await rig(agents, [sales({ strategy: 'fewest-calls' })]);
    await fc.login('a', 'b');
    await fc.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await fc.acd.answered('k1', 'a');
    await fc.acd.callerHungUp('k1');
    await fc.login('c');
    await fc.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '1' });
    assert.equal(fc.log.at(-1), 'offer k2 b', 'b has fewer calls than a and idles longer than c');

    const rnd = await rig(agents, [sales({ strategy: 'random' })], { random: () => 0.99 });
    await rnd.login('a', 'b', 'c');
    await rnd.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    assert.equal(rnd.log.at(-1), 'offer k1 c');
  });

  it('rejects illegal requests with typed errors and leaves state unchanged', async () => {
    const r = await rig(agents, [sales()]);
    await assert.rejects(r.acd.agentReady('a'), (e: unknown) => e instanceof IllegalTransitionError && e.from.status === 'logged-out');
    await assert.rejects(r.acd.agentLogin('nobody'), isCode('unknown-agent'));
    await assert.rejects(r.acd.enqueue({ callId: 'k1', queueId: 'nope', callerNumber: '1' }), isCode('unknown-queue'));
    await assert.rejects(r.acd.enqueue({ callId: 'k 1', queueId: 'sales', callerNumber: '1' }), isCode('invalid-request'));
    await assert.rejects(r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1', priority: 1.5 }), isCode('invalid-request'));
    await assert.rejects(r.acd.agentNotReady('a', ''), isCode('invalid-request'));
    await r.login('a');
    await assert.rejects(r.acd.agentNotReady('a', 'x\n'), isCode('invalid-request'));
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await assert.rejects(r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' }), isCode('invalid-request'));
    await r.acd.answered('k1', 'a');
    await assert.rejects(r.acd.agentLogout('a'), IllegalTransitionError);
    await assert.rejects(r.acd.noAnswer('k1', 'a', 'nonsense' as 'busy'), isCode('invalid-request'));
    assert.deepEqual(r.store.statesOf('a'), ['available', 'ringing', 'on-call']);
  });

  it('records before it announces: a failed write changes nothing and tells nobody', async () => {
    const r = await rig(agents, [sales()]);
    const announced: string[] = [];
    r.acd.on('agent-state', (t) => announced.push(t.to.status));
    r.store.failWrites = true;
    await assert.rejects(r.acd.agentLogin('a'), /store unavailable/);
    assert.equal(r.status('a'), 'logged-out');
    assert.deepEqual(announced, []);
    r.store.failWrites = false;
    await r.acd.agentLogin('a');
    assert.deepEqual(announced, ['available']);
  });

  it('a ring timeout that fails to write is retried, so the agent is not left ringing', async () => {
    const r = await rig(agents, [sales({ ringTimeoutSeconds: 10 })]);
    const failures: string[] = [];
    r.acd.on('failure', (f) => failures.push(f.context));
    await r.login('a', 'b');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    r.store.failWrites = true;
    await r.advance(10);
    assert.equal(r.status('a'), 'ringing');
    assert.ok(failures.includes('ring:k1'));
    r.store.failWrites = false;
    await r.advance(1);
    assert.equal(r.status('a'), 'not-ready');
    assert.equal(r.log.at(-1), 'offer k1 b');
  });

  it('snapshot: waiting callers with waits, agents by state, service level', async () => {
    const r = await rig(agents, [sales({ serviceLevelSeconds: 10 })]);
    await r.login('a');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.advance(5);
    await r.acd.answered('k1', 'a');
    await r.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '2' });
    await r.advance(30);
    await r.acd.callerHungUp('k2');
    await r.acd.enqueue({ callId: 'k3', queueId: 'sales', callerNumber: '3' });
    await r.advance(7);
    const snap = r.acd.snapshot();
    assert.equal(snap.at - snap.statsSince, 43_000);
    const q = snap.queues[0];
    assert.deepEqual(q?.waiting, [{ callId: 'k3', callerNumber: '3', priority: 0, position: 1, waitSeconds: 7, ringingAgents: [] }]);
    assert.equal(q?.longestWaitSeconds, 7);
    assert.deepEqual(q?.agents, { 'logged-out': 2, available: 0, ringing: 0, 'on-call': 1, 'wrap-up': 0, 'not-ready': 0 });
    assert.deepEqual(q?.stats, { entered: 3, answered: 1, answeredWithinServiceLevel: 1, abandoned: 1, overflowed: 0, serviceLevelSeconds: 10, serviceLevel: 0.5, averageAnswerSeconds: 5 });
    assert.deepEqual(snap.agents.find((a) => a.agentId === 'a'), { agentId: 'a', name: 'agent a', status: 'on-call', callId: 'k1', sinceSeconds: 37, answeredCalls: 1 });
  });

  it('restart: a new service on the same records restores states and resolves the ones that died', async () => {
    const r = await rig([...agents, agentConfig('d', 20), agentConfig('e')], [sales({ wrapUpSeconds: 30 }), queueConfig('other', ['d', 'e'])]);
    await r.login('a', 'b', 'c', 'd', 'e');
    await r.acd.agentNotReady('c', 'training');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    await r.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '1' });
    await r.acd.enqueue({ callId: 'k3', queueId: 'other', callerNumber: '1' });
    await r.acd.answered('k1', 'a');
    await r.acd.answered('k3', 'd');
    await r.acd.callerHungUp('k3');
    await r.advance(15);
    assert.deepEqual(['a', 'b', 'c', 'd', 'e'].map(r.status), ['on-call', 'ringing', 'not-ready', 'wrap-up', 'available']);
    await r.acd.agentLogout('e');
    await r.acd.close();

    const again = await rig([], [], { store: r.store, clock: r.clock });
    assert.deepEqual(again.acd.agentState('a'), { status: 'wrap-up', callId: 'lost-in-restart' });
    assert.deepEqual(again.acd.agentState('b'), { status: 'available' });
    assert.deepEqual(again.acd.agentState('c'), { status: 'not-ready', reason: 'training' });
    assert.equal(again.status('d'), 'wrap-up');
    assert.equal(again.status('e'), 'logged-out');
    await again.advance(5);
    assert.equal(again.status('d'), 'available', 'd had 5 of its 20 s wrap-up left');
    await again.advance(25);
    assert.equal(again.status('a'), 'available', 'a got the queue\'s 30 s wrap-up after its call died');
    assert.deepEqual(r.store.statesOf('b').slice(-2), ['ringing', 'available']);
    assert.deepEqual(r.store.statesOf('a').slice(-3), ['on-call', 'wrap-up', 'available']);
    assert.deepEqual(r.store.eventsOf('k2'), ['entered', 'offered:b', 'abandoned'], 'k2 died waiting');
    assert.equal(r.store.calls.get('k2')?.disposition, 'failed');
  });

  it('reload picks up new agents, queues and settings and keeps live state', async () => {
    const r = await rig(agents, [sales({ ringTimeoutSeconds: 30 })]);
    const warnings: string[] = [];
    r.acd.on('warning', (w) => warnings.push(w.message));
    await r.login('a');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    r.store.agents.push(agentConfig('new'));
    r.store.queues = [sales({ ringTimeoutSeconds: 5, strategy: 'ring-all' }), queueConfig('support', ['new'])];
    r.store.queues[0]?.members.push({ agentId: 'new', penalty: 0, paused: false });
    await r.acd.reload();
    assert.equal(r.status('a'), 'ringing', 'the offer in progress survives the reload');
    await r.acd.agentLogin('new');
    await r.acd.enqueue({ callId: 'k2', queueId: 'support', callerNumber: '1' });
    assert.equal(r.log.at(-1), 'offer k2 new');
    await r.acd.noAnswer('k1', 'a', 'busy');
    await r.acd.agentReady('a');
    assert.equal(r.log.at(-1), 'offer k1 a', 'the new agent is busy with k2');
    await r.advance(5);
    assert.equal(r.status('a'), 'not-ready', 'the new 5 s ring timeout applies');
    // Removing a queue with a caller in it keeps it (with a warning) until the caller is gone.
    r.store.queues = [sales()];
    await r.acd.reload();
    assert.match(warnings.join(), /removed with 1 callers waiting/);
    assert.deepEqual(r.acd.snapshot().queues.map((q) => q.queueId), ['sales', 'support']);
    await r.acd.callerHungUp('k2');
    await r.acd.reload();
    assert.deepEqual(r.acd.snapshot().queues.map((q) => q.queueId), ['sales']);
  });
});
