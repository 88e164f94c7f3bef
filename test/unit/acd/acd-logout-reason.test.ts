// A logout the system makes carries its reason (issue 9 point 6: `unregistered` when the
// agent's phones are gone): through the state machine, into the agent_state_events row and
// back after a restart, and in the snapshot. A logout the agent asks for has none.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { transition } from '../../../server/acd/agent-state-machine.js';
import { fromRow, toRow } from '../../../server/acd/agent-state-row.js';
import { systemReasons } from '../../../server/acd/agent-state.types.js';
import { isCode, rig, sales } from './acd-rig.js';
import { agentConfig } from './memory-store.js';

describe('logout reason', { timeout: 10_000 }, () => {
  it('the state machine keeps the reason from every state that may log out', () => {
    const out = { type: 'logout', reason: systemReasons.unregistered } as const;
    for (const from of [{ status: 'available' }, { status: 'ringing', callId: 'c' }, { status: 'wrap-up', callId: 'c' }, { status: 'not-ready', reason: 'x' }] as const) {
      assert.deepEqual(transition(from, out), { status: 'logged-out', reason: 'unregistered' });
    }
    assert.deepEqual(transition({ status: 'available' }, { type: 'logout' }), { status: 'logged-out' });
  });

  it('is stored as offline + reason and read back', () => {
    assert.deepEqual(toRow({ status: 'logged-out', reason: 'unregistered' }), { state: 'offline', reason: 'unregistered' });
    assert.deepEqual(fromRow({ state: 'offline', reason: 'unregistered' }), { status: 'logged-out', reason: 'unregistered' });
    assert.deepEqual(fromRow({ state: 'offline', reason: null }), { status: 'logged-out' });
  });

  it('agentLogout(id, reason): a rung agent gives up the offer, the snapshot shows why; a bad reason is refused', async () => {
    const r = await rig([agentConfig('a'), agentConfig('b')], [sales()]);
    await r.login('a', 'b');
    await r.acd.enqueue({ callId: 'c1', queueId: 'sales', callerNumber: '+15550100' });
    await r.acd.settled();
    assert.ok(r.log.includes('offer c1 a'));
    await r.acd.agentLogout('a', systemReasons.unregistered);
    await r.acd.settled();
    assert.deepEqual(r.acd.agentState('a'), { status: 'logged-out', reason: 'unregistered' });
    assert.ok(r.log.includes('cancel c1 a agent-unavailable'), 'the offer ends');
    assert.ok(r.log.includes('offer c1 b'), 'and moves to the next agent');
    assert.equal(r.acd.snapshot().agents.find((x) => x.agentId === 'a')?.reason, 'unregistered');
    await assert.rejects(r.acd.agentLogout('b', ''), isCode('invalid-request'));
  });
});
