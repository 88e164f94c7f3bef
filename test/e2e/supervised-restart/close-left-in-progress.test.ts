// What a new center does with the record the dead one left, on PGlite and Postgres: every call
// still in progress (ringing, ivr, queued, connected) is closed once, by the system, with cause
// `restart` (answered calls keep `answered`, the rest are `failed`), open legs are closed, and
// the ACD, loading after it, still records the queued one as abandoned (reason restart) exactly
// once, agreeing on the disposition. Completed calls are left alone.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../db/test-databases.js';
import { seed, startAcd } from '../../acd/acd-fixture.js';

describeEachDatabase('calls left in progress by a dead center', (get) => {
  it('are closed with cause restart before the ACD loads, and nothing is closed twice', { timeout: 60_000 }, async () => {
    const f = await seed(get().db, 1, { wrap_up_seconds: 0 });
    const [agentId] = f.agentIds as [string];
    const { repos } = f;
    const [ringing, ivr, queued, connected, done] = [await f.newCall(), await f.newCall(), await f.newCall(), await f.newCall(), await f.newCall()];
    await repos.calls.update(ivr, { status: 'ivr', ivr_path: ['menu'] });
    await repos.calls.end(done, { hangup_cause: 'caller hung up', hangup_side: 'caller', disposition: 'answered' });
    const leg = await repos.calls.addLeg({ call_id: connected, role: 'caller', sip_call_id: 'leg-1@test', remote_uri: null, agent_id: null, started_at: new Date() });

    const before = await startAcd(repos);
    await before.acd.agentLogin(agentId);
    await before.acd.enqueue({ callId: connected, queueId: f.queueId, callerNumber: '+15550100' });
    await before.acd.answered(connected, agentId);
    // What the call's own record writes when the agent is bridged (the ACD no longer writes calls).
    await repos.calls.update(connected, { status: 'connected', answered_at: new Date(), agent_id: agentId });
    await before.acd.enqueue({ callId: queued, queueId: f.queueId, callerNumber: '+15550101' });
    await before.acd.close(); // the process dies: nothing more is written

    const closed = await repos.calls.closeLeftInProgress();
    assert.deepEqual(closed.sort(), [ringing, ivr, queued, connected].sort());
    const after = await startAcd(repos, before.clock);
    await after.acd.close();

    const row = async (id: string) => {
      const r = await repos.calls.get(id);
      assert.ok(r);
      return r;
    };
    for (const id of closed) {
      const r = await row(id);
      assert.equal(r.status, 'completed');
      assert.equal(r.hangup_cause, 'restart');
      assert.equal(r.hangup_side, 'system');
      assert.ok(r.ended_at instanceof Date);
      assert.equal(typeof r.duration_seconds, 'number');
    }
    assert.equal((await row(connected)).disposition, 'answered', 'the talk happened');
    for (const id of [ringing, ivr, queued]) assert.equal((await row(id)).disposition, 'failed');
    assert.equal((await row(done)).hangup_cause, 'caller hung up', 'a completed call is left alone');
    const legs = await repos.calls.legs(connected);
    assert.equal(legs.find((l) => l.id === leg.id)?.hangup_cause, 'restart');

    // The ACD's part: the queued call's queue facts, recorded once.
    const abandoned = async () => (await repos.callEvents.search({ callId: queued, limit: 10 })).items.filter((e) => e.event === 'abandoned').map((e) => e.data.reason);
    assert.deepEqual(await abandoned(), ['restart']);
    assert.ok((await row(queued)).queue_left_at instanceof Date);

    // Another restart finds nothing left to close.
    assert.deepEqual(await repos.calls.closeLeftInProgress(), []);
    const third = await startAcd(repos, before.clock);
    await third.acd.close();
    assert.deepEqual(await abandoned(), ['restart']);
  });
});
