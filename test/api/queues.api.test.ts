// Queues and members: CRUD, overflow destination checks, members managed by admins and
// by the queue's own supervisors only.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachApi } from './api-harness.js';
import { crudContract } from './crud-contract.js';

describeEachApi('queues API', (get) => {
  crudContract(get, {
    path: '/queues',
    create: (n) => ({ name: `queue-${n}`, strategy: 'longest-idle', ring_timeout_seconds: 15, max_wait_seconds: 300, overflow_destination: { type: 'extension', extension: '2000' }, priority_rules: [{ caller_prefix: '+49', priority: 5 }], callback_allowed: false }),
    patch: { strategy: 'round-robin', required_skills: [], service_level_seconds: 30, announce_interval_seconds: 60 },
    invalid: [
      { body: { name: 'q', strategy: 'lottery' }, field: 'strategy', message: /ring-all/ },
      { body: { name: 'q', strategy: 'random', ring_timeout_seconds: 1 }, field: 'ring_timeout_seconds', message: /5 or more/ },
      { body: { name: 'q', strategy: 'random', overflow_destination: { type: 'agent', id: '7d6f5a9e-1111-4222-8333-444455556666' } }, field: 'overflow_destination.id', message: /no agent/ },
      { body: { name: 'q', strategy: 'random', music_prompt_id: '7d6f5a9e-1111-4222-8333-444455556666' }, field: 'music_prompt_id', message: /does not exist/ },
      { body: { name: 'q', strategy: 'random', supervisor_ids: ['7d6f5a9e-1111-4222-8333-444455556666'] }, field: 'supervisor_ids.0', message: /not a supervisor/ },
      { body: { name: 'q', strategy: 'random', wrap_up_code_required: true }, field: 'wrap_up_code_required', message: /at least one code/ },
      { body: { name: 'q', strategy: 'random', wrap_up_codes: ['sale', 'sale'] }, field: 'wrap_up_codes', message: /distinct/ },
    ],
    deniedRole: 'supervisor',
  });

  it('manages members; a supervisor only of the queues they supervise', async () => {
    const { request, userWithRole } = get();
    const sup = await userWithRole('supervisor', 'queue-sup');
    const agent = await userWithRole('agent', 'queue-agent');
    const mine = await request('POST', '/queues', { body: { name: 'mine', strategy: 'ring-all', supervisor_ids: [sup.userId] } });
    const theirs = await request('POST', '/queues', { body: { name: 'theirs', strategy: 'ring-all' } });
    const path = `/queues/${mine.body.id}/members`;
    const added = await request('POST', path, { token: sup.token, body: { agent_id: agent.agentId, penalty: 1 } });
    assert.equal(added.status, 201, added.text);
    assert.equal((await request('POST', path, { token: sup.token, body: { agent_id: agent.agentId } })).status, 409);
    const ghost = await request('POST', path, { token: sup.token, body: { agent_id: '7d6f5a9e-1111-4222-8333-444455556666' } });
    assert.deepEqual(ghost.body.details, [{ path: 'body.agent_id', message: 'no agent with this id' }]);
    const paused = await request('PATCH', `${path}/${agent.agentId}`, { token: sup.token, body: { paused: true } });
    assert.equal(paused.body.paused, true);
    const list = await request('GET', path, { token: sup.token });
    assert.equal(list.status, 200);
    assert.ok(list.text.includes(agent.agentId!));
    const bad = await request('PATCH', `${path}/${agent.agentId}`, { token: sup.token, body: { proficiency: 9 } });
    assert.deepEqual(bad.body.details, [{ path: 'body.proficiency', message: 'must be 5 or less' }]);
    assert.equal((await request('POST', `/queues/${theirs.body.id}/members`, { token: sup.token, body: { agent_id: agent.agentId } })).status, 403);
    assert.equal((await request('GET', path, { token: agent.token })).status, 403);
    assert.equal((await request('DELETE', `${path}/${agent.agentId}`, { token: sup.token })).status, 204);
    assert.equal((await request('DELETE', `${path}/${agent.agentId}`, { token: sup.token })).status, 404);
  });

  it('a required wrap-up code needs codes, also when a patch empties the list or requires a code later', async () => {
    const { request } = get();
    const q = await request('POST', '/queues', { body: { name: 'coded', strategy: 'ring-all', wrap_up_codes: ['sale'], wrap_up_code_required: true } });
    assert.equal(q.status, 201, q.text);
    const emptied = await request('PATCH', `/queues/${q.body.id}`, { body: { wrap_up_codes: [] } });
    assert.deepEqual(emptied.body.details?.[0]?.path, 'body.wrap_up_codes', emptied.text);
    const plain = await request('POST', '/queues', { body: { name: 'plain', strategy: 'ring-all' } });
    const required = await request('PATCH', `/queues/${plain.body.id}`, { body: { wrap_up_code_required: true } });
    assert.deepEqual(required.body.details?.[0]?.path, 'body.wrap_up_code_required', required.text);
    const both = await request('PATCH', `/queues/${plain.body.id}`, { body: { wrap_up_code_required: true, wrap_up_codes: ['done'] } });
    assert.equal(both.status, 200, both.text);
  });
});
