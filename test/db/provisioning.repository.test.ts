// Users, tokens, first-start admin, IVR flow versions, queue members, generic CRUD paging.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ensureAdmin } from '../../server/db/ensure-admin.js';
import { createRepositories, type Repositories } from '../../server/db/repositories.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('provisioning repositories', (get) => {
  let repos: Repositories;

  it('creates the first admin once, with a generated password that works', async () => {
    repos = createRepositories(get().db, { sipRealm: 'switchboard' });
    const first = await ensureAdmin(get().db);
    assert.equal(first.created, true);
    assert.ok(first.generatedPassword && first.generatedPassword.length >= 16);
    assert.equal((await repos.users.authenticate('admin', first.generatedPassword))?.role, 'admin');
    assert.equal(await repos.users.authenticate('admin', 'wrong'), undefined);
    assert.deepEqual(await ensureAdmin(get().db, { password: 'other' }), { created: false });
  });

  it('issues tokens that authenticate until revoked or expired, storing only a hash', async () => {
    const user = await repos.users.create({ username: 'sue', role: 'supervisor', password: 'pw-sue', email: null });
    const { token, row } = await repos.tokens.issue(user.id, 'cli', null);
    assert.equal(row.last_used_at, null);
    assert.equal((await repos.tokens.authenticate(token))?.user.username, 'sue');
    assert.notEqual((await repos.tokens.get(row.id))?.last_used_at, null);
    await repos.tokens.revoke(row.id);
    assert.equal(await repos.tokens.authenticate(token), undefined);
    const expired = await repos.tokens.issue(user.id, 'old', new Date(Date.now() - 1000));
    assert.equal(await repos.tokens.authenticate(expired.token), undefined);
  });

  it('versions IVR flows: a change adds a version and the old one stays readable', async () => {
    const v1 = { start: 'a', nodes: { a: { verb: 'hangup' } } };
    const v2 = { start: 'b', nodes: { b: { verb: 'hangup' } } };
    const flow = await repos.ivrFlows.create({ name: 'main', definition: v1 });
    assert.equal(flow.current_version, 1);
    const renamed = await repos.ivrFlows.update(flow.id, { name: 'main2' });
    assert.equal(renamed?.current_version, 1);
    const changed = await repos.ivrFlows.update(flow.id, { definition: v2 });
    assert.equal(changed?.current_version, 2);
    assert.deepEqual(changed?.definition, v2);
    assert.deepEqual(await repos.ivrFlows.getVersion(flow.id, 1), v1);
    assert.deepEqual((await repos.ivrFlows.listVersions(flow.id)).map((v) => v.version), [1, 2]);
  });

  it('manages queue members', async () => {
    const queue = await repos.queues.create({ name: 'sales', strategy: 'longest-idle' });
    const agent = await repos.agents.create({ name: 'Cy', extension: '1003', sip_username: 'cy', sip_password: 'x', user_id: null });
    await repos.queues.addMember(queue.id, { agent_id: agent.id, penalty: 2 });
    assert.equal((await repos.queues.updateMember(queue.id, agent.id, { paused: true }))?.paused, true);
    assert.deepEqual((await repos.queues.listMembers(queue.id)).map((m) => [m.penalty, m.paused]), [[2, true]]);
    assert.equal(await repos.queues.removeMember(queue.id, agent.id), true);
    assert.equal(await repos.queues.removeMember(queue.id, agent.id), false);
  });

  it('lists with keyset paging and updates/deletes by id', async () => {
    for (let i = 0; i < 5; i++) await repos.contacts.create({ phone_number: `+4930000${i}`, name: `C${i}` });
    const first = await repos.contacts.list({ limit: 3 });
    assert.equal(first.items.length, 3);
    assert.ok(first.next);
    const second = await repos.contacts.list({ limit: 3, after: first.next });
    const names = [...first.items, ...second.items].map((c) => c.name).sort();
    assert.deepEqual(names, ['C0', 'C1', 'C2', 'C3', 'C4']);
    assert.equal(second.next, null);
    const c = first.items[0]!;
    assert.equal((await repos.contacts.update(c.id, { company: 'ACME' }))?.company, 'ACME');
    assert.equal((await repos.contacts.findByPhoneNumber(c.phone_number))?.id, c.id);
    assert.equal(await repos.contacts.remove(c.id), true);
    assert.equal(await repos.contacts.get(c.id), undefined);
  });
});
