// The ACD on the system clock and real Postgres/PGlite: a 1 s ring timeout moves the call
// to the next agent and a 1 s wrap-up ends by itself. Timings are checked loosely (the
// machine is shared).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { AcdService } from '../../../server/acd/acd-service.js';
import { createAcdStore } from '../../../server/acd/acd-store.js';
import { describeEachDatabase } from '../../db/test-databases.js';
import { seed } from '../acd-fixture.js';

describeEachDatabase('ACD on the real clock', (get) => {
  it('ring timeout → next agent, then wrap-up → available', async () => {
    const f = await seed(get().db, 2, { ring_timeout_seconds: 1, wrap_up_seconds: 1 });
    const [a, b] = f.agentIds as [string, string];
    const acd = new AcdService({ store: createAcdStore(f.repos) });
    try {
      await acd.load();
      await acd.agentLogin(a);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await acd.agentLogin(b);
      const call = await f.newCall();
      const offers: string[] = [];
      const second = new Promise<void>((resolve) => acd.on('offer', (o) => { if (offers.push(o.agentId) === 2) resolve(); }));
      const started = Date.now();
      await acd.enqueue({ callId: call, queueId: f.queueId, callerNumber: '+15550100' });
      await second;
      const waited = Date.now() - started;
      assert.deepEqual(offers, [a, b]);
      assert.ok(waited >= 950 && waited < 5000, `second offer after ${waited} ms`);
      assert.equal(acd.agentState(a).status, 'not-ready');
      await acd.answered(call, b);
      await acd.callerHungUp(call);
      assert.equal(acd.agentState(b).status, 'wrap-up');
      const available = new Promise<void>((resolve) => acd.on('agent-state', (t) => { if (t.agentId === b && t.to.status === 'available') resolve(); }));
      await available;
    } finally {
      await acd.close();
    }
  });
});
