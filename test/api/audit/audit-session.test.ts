// test-file-timeout: 2 min
// Issue 14's audit log: a session of changes (trunk created and updated, a number, a queue
// and a member, the number deleted) lists newest first, each entry with who, the route, the
// address and the resource before and after; the filters and pages narrow it; only admins
// read it; a change that is refused (400, 404, 409) or forbidden (403) writes no entry.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachApi } from '../api-harness.js';
import { auditEntries, auditMark, entriesAfter } from './audit-helpers.js';

describeEachApi('audit log: a session of changes', (get) => {
  it('lists each change with who, where, and before/after, newest first', { timeout: 60_000 }, async () => {
    const h = get();
    const mark = await auditMark(h);
    const trunk = await h.request('POST', '/trunks', { body: { name: 'audit-carrier', auth_type: 'ip', allowed_cidrs: ['192.0.2.10'] } });
    assert.equal(trunk.status, 201, trunk.text);
    const trunkId = String(trunk.body.id);
    assert.equal((await h.request('PATCH', `/trunks/${trunkId}`, { body: { max_channels: 30, enabled: false } })).status, 200);
    const number = await h.request('POST', '/numbers', { body: { e164: '+14155550199', destination: { type: 'extension', extension: '1001' } } });
    assert.equal(number.status, 201, number.text);
    const queue = await h.request('POST', '/queues', { body: { name: 'audit-queue', strategy: 'longest-idle' } });
    assert.equal(queue.status, 201, queue.text);
    const { agentId } = await h.userWithRole('agent', 'audit-member');
    assert.equal((await h.request('POST', `/queues/${String(queue.body.id)}/members`, { body: { agent_id: agentId, penalty: 2 } })).status, 201);
    assert.equal((await h.request('DELETE', `/numbers/${String(number.body.id)}`)).status, 204);

    const listed = await h.request('GET', '/audit');
    assert.equal(listed.status, 200, listed.text);
    const newest = (listed.body.items ?? []).slice(0, 6);
    assert.deepEqual(newest.map((e) => `${String(e.action)} ${String(e.resource_type)}`),
      ['delete number', 'member.add queue', 'create queue', 'create number', 'update trunk', 'create trunk'], 'newest first');

    const entries = await entriesAfter(h, mark);
    assert.equal(entries.length, 6, 'one entry per change, none for the reads');
    const [created, updated, numberCreated, queueCreated, memberAdded, numberDeleted] = entries;
    for (const e of entries) {
      assert.deepEqual(e.actor && { username: e.actor.username, role: e.actor.role }, { username: 'admin', role: 'admin' });
      assert.match(String(e.address), /127\.0\.0\.1$/);
      assert.ok(!Number.isNaN(Date.parse(e.at)));
    }
    assert.deepEqual([created!.route, created!.resource_id, created!.before], ['POST /api/trunks', trunkId, null]);
    assert.equal(created!.after?.name, 'audit-carrier');
    assert.deepEqual(created!.changed, ['name', 'auth_type', 'allowed_cidrs']);

    assert.deepEqual([updated!.route, updated!.resource_id, updated!.changed], ['PATCH /api/trunks/:id', trunkId, ['max_channels', 'enabled']]);
    assert.deepEqual([updated!.before?.max_channels, updated!.before?.enabled], [null, true], 'before: as it was');
    assert.deepEqual([updated!.after?.max_channels, updated!.after?.enabled], [30, false], 'after: as it is');

    assert.deepEqual([numberCreated!.resource_id, numberCreated!.after?.e164], [number.body.id, '+14155550199']);
    assert.deepEqual([queueCreated!.resource_id, queueCreated!.after?.name], [queue.body.id, 'audit-queue']);
    assert.deepEqual([memberAdded!.route, memberAdded!.resource_id, memberAdded!.after?.agent_id, memberAdded!.after?.penalty], ['POST /api/queues/:id/members', queue.body.id, agentId, 2]);

    assert.deepEqual([numberDeleted!.route, numberDeleted!.resource_id, numberDeleted!.after], ['DELETE /api/numbers/:id', number.body.id, null]);
    assert.equal(numberDeleted!.before?.e164, '+14155550199', 'a deletion keeps what was deleted');
  });

  it('filters by resource, id, actor, action and time, and pages newest first', { timeout: 60_000 }, async () => {
    const h = get();
    const mark = await auditMark(h);
    const { token: supervisor, userId: supervisorId } = await h.userWithRole('supervisor', 'audit-supervisor');
    const { agentId } = await h.userWithRole('agent', 'audit-filtered');
    const queue = await h.request('POST', '/queues', { body: { name: 'audit-filters', strategy: 'ring-all', supervisor_ids: [supervisorId] } });
    const queueId = String(queue.body.id);
    const started = new Date().toISOString();
    assert.equal((await h.request('POST', `/queues/${queueId}/members`, { token: supervisor, body: { agent_id: agentId } })).status, 201);
    assert.equal((await h.request('PATCH', `/queues/${queueId}/members/${agentId}`, { token: supervisor, body: { paused: true } })).status, 200);
    assert.equal((await h.request('PATCH', `/queues/${queueId}`, { body: { ring_timeout_seconds: 20 } })).status, 200);
    const mine = (filter: string) => entriesAfter(h, mark, filter);

    const ofQueue = await mine(`resource=queue&resource_id=${queueId}`);
    assert.deepEqual(ofQueue.map((e) => e.action), ['create', 'member.add', 'member.update', 'update']);
    const paused = ofQueue[2]!;
    assert.deepEqual([paused.before?.paused, paused.after?.paused], [false, true]);
    assert.deepEqual(paused.actor, { id: supervisorId, username: 'audit-supervisor', role: 'supervisor' });

    assert.deepEqual((await mine('actor=audit-supervisor')).map((e) => e.action), ['member.add', 'member.update'], 'by username');
    assert.deepEqual((await mine(`actor=${supervisorId}`)).map((e) => e.action), ['member.add', 'member.update'], 'by user id');
    assert.deepEqual((await mine('action=member.update')).map((e) => e.resource_id), [queueId]);
    assert.deepEqual((await mine(`resource=queue&since=${encodeURIComponent(started)}`)).map((e) => e.action), ['member.add', 'member.update', 'update']);
    assert.deepEqual(await mine(`until=${encodeURIComponent(started)}&action=member.add`), []);
    assert.deepEqual(await mine('resource=trunk&resource_id=00000000-0000-0000-0000-000000000000'), []);

    const all = await auditEntries(h);
    const paged = await auditEntries(h, '', 2);
    assert.deepEqual(paged.map((e) => e.id), all.map((e) => e.id), 'pages of two walk the same list');
    assert.ok(all.every((e, i) => i === 0 || e.at <= all[i - 1]!.at), 'newest first');
    const bad = await h.request('GET', '/audit?after=abc');
    assert.deepEqual(bad.body.details, [{ path: 'query.after', message: 'must be the `next` of a previous page' }]);
    assert.equal((await h.request('GET', `/audit?since=${encodeURIComponent(started)}&until=${encodeURIComponent(started)}`)).status, 400);
  });

  it('is for admins only', { timeout: 30_000 }, async () => {
    const h = get();
    const { token: supervisor } = await h.userWithRole('supervisor', 'audit-nosy-supervisor');
    const { token: agent } = await h.userWithRole('agent', 'audit-nosy-agent');
    assert.equal((await h.request('GET', '/audit', { token: supervisor })).status, 403);
    assert.equal((await h.request('GET', '/audit', { token: agent })).status, 403);
    assert.equal((await h.request('GET', '/audit', { token: null })).status, 401);
  });

  it('writes nothing for a change that is refused', { timeout: 30_000 }, async () => {
    const h = get();
    assert.equal((await h.request('POST', '/trunks', { body: { name: 'audit-dup', auth_type: 'ip', allowed_cidrs: ['192.0.2.20'] } })).status, 201);
    const mark = await auditMark(h);
    const { token: supervisor } = await h.userWithRole('supervisor', 'audit-refused');
    assert.equal((await h.request('POST', '/trunks', { body: { name: 'x', auth_type: 'ip' } })).status, 400);
    assert.equal((await h.request('POST', '/trunks', { body: { name: 'audit-dup', auth_type: 'ip', allowed_cidrs: ['192.0.2.21'] } })).status, 409);
    assert.equal((await h.request('PATCH', '/trunks/00000000-0000-4000-8000-000000000000', { body: { enabled: false } })).status, 404);
    assert.equal((await h.request('DELETE', '/numbers/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await h.request('POST', '/trunks', { token: supervisor, body: { name: 'sneaky', auth_type: 'ip', allowed_cidrs: ['0.0.0.0/0'] } })).status, 403);
    assert.equal((await h.request('PUT', '/not-ready-reasons', { body: { items: ['Lunch', 'Lunch'] } })).status, 400);
    assert.deepEqual(await entriesAfter(h, mark), []);
  });
});
