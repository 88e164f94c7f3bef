// AcdService on a fake clock and the in-memory store:
// typed errors, record-before-announce, retried timer steps, restart, reload, wallboard snapshot.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IllegalTransitionError } from '../../../server/acd/acd-errors.js';
import { agentConfig, queueConfig } from './memory-store.js';
import { agents, isCode, rig, sales } from './acd-rig.js';

describe('AcdService robustness', () => {
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

  it('refuses commands after close and leaves no timer running', async () => {
    const r = await rig(agents, [sales({ maxWaitSeconds: 60 })]);
    await r.login('a', 'b');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    const pending = r.acd.enqueue({ callId: 'k2', queueId: 'sales', callerNumber: '1' });
    await r.acd.close();
    assert.equal((await pending).status, 'queued', 'a command queued before close still runs');
    assert.equal(r.clock.pending, 0);
    await assert.rejects(r.acd.agentLogin('c'), isCode('closed'));
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

  it('a dispatch that fails to write is tried again by itself once the store is back', async () => {
    const r = await rig(agents, [sales()]);
    const failures: string[] = [];
    r.acd.on('failure', (f) => failures.push(f.context));
    await r.login('a');
    await r.acd.agentNotReady('a', 'break');
    await r.acd.enqueue({ callId: 'k1', queueId: 'sales', callerNumber: '1' });
    // The agent's own change is written; the offer that follows is not.
    r.store.failAfter(1);
    assert.deepEqual(await r.acd.agentReady('a'), { status: 'available' });
    assert.deepEqual([r.log, failures], [[], ['dispatch']]);
    r.store.failWrites = false;
    await r.advance(1);
    assert.deepEqual(r.log, ['offer k1 a'], 'offered with no other event needed');
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
    assert.equal(r.store.calls.get('k2')?.disposition, 'abandoned');
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
