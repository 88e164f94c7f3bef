// A restart is a new AcdService on the same database (for Postgres, over a new connection
// pool, as a new process would open). Agents come back in their recorded states; states
// that cannot outlive the process are resolved and recorded; nobody is left stuck, and a
// call that was waiting is closed on record.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../../server/db/index.js';
import { createRepositories } from '../../../server/db/index.js';
import { describeEachDatabase } from '../../db/test-databases.js';
import { seed, startAcd } from '../acd-fixture.js';

describeEachDatabase('ACD restart', (get) => {
  it('restores every agent\'s state and resolves ringing and on-call', async () => {
    const f = await seed(get().db, 6, { wrap_up_seconds: 30, ring_timeout_seconds: 20 });
    const [onCall, ringing, notReady, wrapUp, loggedOut, available] = f.agentIds as [string, string, string, string, string, string];
    const before = await startAcd(f.repos);
    for (const id of f.agentIds) {
      await before.acd.agentLogin(id);
      await before.advance(1);
    }
    await before.acd.agentLogout(loggedOut);
    await before.acd.agentNotReady(notReady, 'training');
    const [k1, k2, k3] = [await f.newCall(), await f.newCall(), await f.newCall()];
    // Longest idle first: onCall, then ringing, then wrapUp (notReady and loggedOut are out).
    for (const callId of [k1, k2, k3]) await before.acd.enqueue({ callId, queueId: f.queueId, callerNumber: '+15550100' });
    assert.deepEqual(before.log.map((l) => l.split(' ')[2]), [onCall, ringing, wrapUp]);
    await before.acd.answered(k1, onCall);
    await before.acd.answered(k3, wrapUp);
    await before.acd.callerHungUp(k3);
    await before.acd.agentNotReady(available, 'wants to be available');
    await before.acd.agentReady(available);
    await before.advance(10);
    await before.acd.close();
    await before.flush();

    // The "new process": its own pool on Postgres; the same in-memory PGlite otherwise.
    const { url } = get();
    const handle = url ? await openDatabase({ url, maxConnections: 2 }) : undefined;
    try {
      const repos = handle ? createRepositories(handle.db, { sipRealm: 'switchboard.test' }) : f.repos;
      const after = await startAcd(repos, before.clock);
      const status = (id: string) => after.acd.agentState(id).status;
      assert.deepEqual(f.agentIds.map(status), ['wrap-up', 'available', 'not-ready', 'wrap-up', 'logged-out', 'available']);
      assert.deepEqual(after.acd.agentState(notReady), { status: 'not-ready', reason: 'training' });
      const last = async (id: string) => (await repos.agentStates.search({ agentId: id, limit: 2 })).items.map((row) => row.state);
      assert.deepEqual(await last(ringing), ['available', 'ringing'], 'the dead offer is resolved on record');
      assert.deepEqual(await last(onCall), ['wrap-up', 'on-call'], 'the dead call ends in wrap-up on record');
      // k2 was waiting (ringing an agent) when the process died: closed on record, once.
      const k2Events = async () => (await repos.callEvents.search({ callId: k2, limit: 10 })).items.map((e) => [e.event, e.data.reason]);
      assert.deepEqual((await k2Events())[0], ['abandoned', 'restart']);
      const k2Row = await repos.calls.get(k2);
      assert.deepEqual([k2Row?.disposition, k2Row?.hangup_cause, k2Row?.status, k2Row?.queue_left_at instanceof Date], ['failed', 'restart', 'completed', true]);
      const third = await startAcd(repos, before.clock);
      await third.acd.close();
      assert.equal((await k2Events()).filter(([event]) => event === 'abandoned').length, 1);

      await after.advance(20);
      assert.equal(status(wrapUp), 'available', 'the wrap-up resumed with the 20 s it had left');
      assert.equal(status(onCall), 'wrap-up');
      await after.advance(10);
      assert.equal(status(onCall), 'available');
      // Nobody stuck: every agent is available or where someone explicitly put them.
      assert.deepEqual(f.agentIds.map(status), ['available', 'available', 'not-ready', 'available', 'logged-out', 'available']);

      // And the restored agents take calls: longest idle is the agent that was ringing (available since the restart).
      const k4 = await f.newCall();
      await after.acd.enqueue({ callId: k4, queueId: f.queueId, callerNumber: '+15550100' });
      assert.equal(after.log.length, 1);
      const agent = after.log[0]?.split(' ')[2] ?? '';
      await after.acd.answered(k4, agent);
      assert.equal(status(agent), 'on-call');
      await after.acd.close();
    } finally {
      await handle?.close();
    }
  });
});
