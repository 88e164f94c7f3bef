// test-file-timeout: 90 s
// Onboarding agents in one step: an agent and its sign-in user (and queue memberships) made
// together, generated passwords returned once and working; a taken username, extension or
// SIP user refuses the whole account (nothing half-made); a CSV of many, all or none, its
// problems named by row; password and SIP password resets shown once.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachApi } from '../api-harness.js';

describeEachApi('agent accounts', (get) => {
  const login = async (username: string, password: string) => {
    const res = await fetch(`${get().baseUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    return { status: res.status, body: (await res.json()) as { token?: string } };
  };
  const countAgents = async () => (await get().database.db.selectFrom('agents').select('id').execute()).length;
  const countUsers = async () => (await get().database.db.selectFrom('users').select('id').execute()).length;

  it('creates the user, the agent and its memberships together; the generated passwords work and are shown once', async () => {
    const { request } = get();
    const queue = await request('POST', '/queues', { body: { name: 'onboard-sales', strategy: 'ring-all' } });
    const made = await request('POST', '/agent-accounts', { body: { name: 'Grace Hopper', username: 'grace', extension: '3101', email: 'grace@example.org', queue_ids: [queue.body.id], skills: [{ skill: 'english', proficiency: 5 }] } });
    assert.equal(made.status, 201, made.text);
    const { user, agent, password, sip_password } = made.body as unknown as { user: Record<string, unknown>; agent: Record<string, unknown>; password: string; sip_password: string };
    assert.equal(user.role, 'agent');
    assert.equal(agent.user_id, user.id);
    assert.equal(agent.sip_username, '3101', 'the extension is the SIP user by default');
    assert.ok(password.length >= 20 && sip_password.length >= 20 && password !== sip_password, 'two strong generated passwords');
    assert.ok(!('password_hash' in user) && !('sip_password' in agent) && !('sip_ha1_md5' in agent));
    const signedIn = await login('grace', password);
    assert.equal(signedIn.status, 200, 'the generated password signs in');
    const me = await fetch(`${get().baseUrl}/me/sip`, { headers: { authorization: `Bearer ${signedIn.body.token}` } });
    assert.notEqual(me.status, 403, 'the user is this agent');
    const members = await request('GET', `/queues/${queue.body.id}/members`);
    assert.ok(members.text.includes(String(agent.id)), 'a member of its queue');
    assert.ok(!(await request('GET', `/users/${String(user.id)}`)).text.includes(password), 'never shown again');

    const chosen = await request('POST', '/agent-accounts', { body: { name: 'Alan', username: 'alan', extension: '3102', password: 'alan-chose-this-one', sip_password: 'alan-desk-phone-pw' } });
    assert.equal(chosen.status, 201, chosen.text);
    assert.deepEqual([chosen.body.password, chosen.body.sip_password], [null, null], 'nothing generated, nothing shown');
  });

  it('a taken username, extension or SIP user refuses the whole account: nothing is half-made', async () => {
    const { request } = get();
    await request('POST', '/agent-accounts', { body: { name: 'First', username: 'first-one', extension: '3201' } });
    const [agents, users] = [await countAgents(), await countUsers()];
    const sameUser = await request('POST', '/agent-accounts', { body: { name: 'Second', username: 'first-one', extension: '3202' } });
    assert.equal(sameUser.status, 409);
    assert.deepEqual(sameUser.body.details, [{ path: 'body.username', message: 'is already in use' }]);
    const sameExtension = await request('POST', '/agent-accounts', { body: { name: 'Third', username: 'third-one', extension: '3201' } });
    assert.deepEqual(sameExtension.body.details, [{ path: 'body.extension', message: 'is already in use' }]);
    const sameSip = await request('POST', '/agent-accounts', { body: { name: 'Fourth', username: 'fourth-one', extension: '3204', sip_username: '3201' } });
    assert.deepEqual(sameSip.body.details, [{ path: 'body.sip_username', message: 'is already in use' }]);
    assert.deepEqual([await countAgents(), await countUsers()], [agents, users], 'no user without its agent');
    const ghostQueue = await request('POST', '/agent-accounts', { body: { name: 'Fifth', username: 'fifth-one', extension: '3205', queue_ids: ['7d6f5a9e-1111-4222-8333-444455556666'] } });
    assert.deepEqual(ghostQueue.body.details, [{ path: 'body.queue_ids.0', message: 'no queue with this id' }]);
    const bad = await request('POST', '/agent-accounts', { body: { name: 'Sixth', username: 's', extension: 'x1' } });
    assert.deepEqual(bad.body.details?.map((d) => d.path).sort(), ['body.extension', 'body.username']);
    assert.deepEqual([await countAgents(), await countUsers()], [agents, users]);
  });

  it('imports a CSV: all rows or none, every problem named by its row', async () => {
    const { request } = get();
    const queue = await request('POST', '/queues', { body: { name: 'csv-support', strategy: 'ring-all' } });
    const csv = (text: string) => request('POST', '/agent-accounts/import', { rawBody: Buffer.from(text), contentType: 'text/csv' });
    const [agents, users] = [await countAgents(), await countUsers()];

    const invalid = await csv('name,username,extension,skills\nAda,ada-csv,3301,spanish:4\nBob,bob-csv,33x,english:9\n');
    assert.equal(invalid.status, 400);
    assert.deepEqual(invalid.body.details?.map((d) => d.path).sort(), ['rows.2.extension', 'rows.2.skills.0.proficiency']);
    const twice = await csv('name,username,extension\nAda,ada-csv,3301\nAda again,ada-csv,3302\n');
    assert.deepEqual(twice.body.details, [{ path: 'rows.2.username', message: 'is also on row 1' }]);
    const column = await csv('name,username,extension,shoe_size\nAda,ada-csv,3301,38\n');
    assert.match(column.body.details?.[0]?.message ?? '', /unknown column shoe_size/);
    assert.equal((await csv('name,username,extension\n')).body.details?.[0]?.message, 'has no rows after the header');
    assert.equal((await csv('name,username,extension\n"Ada,ada-csv,3301\n')).body.details?.[0]?.path, 'body', 'an unclosed quote');
    await request('POST', '/agent-accounts', { body: { name: 'Taken', username: 'taken-csv', extension: '3399' } });
    const takenLater = await csv('name,username,extension\nAda,ada-csv,3301\nZed,zed-csv,3399\n');
    assert.equal(takenLater.status, 409);
    assert.deepEqual(takenLater.body.details, [{ path: 'rows.2.extension', message: 'is already in use' }]);
    assert.deepEqual([await countAgents(), await countUsers()], [agents + 1, users + 1], 'row 1 was not kept when row 2 failed');

    const good = await csv(`\uFEFFName,Username,Extension,Email,Skills,Queue_IDs\nAda Lovelace,ada-csv,3301,ada@example.org,spanish:4;english:5,${String(queue.body.id)}\nBob,bob-csv,3302,,,\n`);
    assert.equal(good.status, 201, good.text);
    const items = good.body.items as unknown as { user: { username: string }; agent: { skills: unknown }; password: string }[];
    assert.deepEqual(items.map((i) => i.user.username), ['ada-csv', 'bob-csv']);
    assert.deepEqual(items[0]?.agent.skills, [{ skill: 'spanish', proficiency: 4 }, { skill: 'english', proficiency: 5 }]);
    assert.equal((await login('bob-csv', items[1]?.password ?? '')).status, 200);
    assert.equal((await request('POST', '/agent-accounts/import', { rawBody: Buffer.from('a,b'), contentType: 'application/json' })).status, 415);
  });

  it('resets a sign-in password (signing the user out) and a SIP password, each shown once; admins only', async () => {
    const { request, userWithRole } = get();
    const made = await request('POST', '/agent-accounts', { body: { name: 'Reset Me', username: 'reset-me', extension: '3401' } });
    const { user, agent, password } = made.body as unknown as { user: { id: string }; agent: { id: string }; password: string };
    const session = await login('reset-me', password);
    const reset = await request('POST', `/users/${user.id}/reset-password`);
    assert.equal(reset.status, 200, reset.text);
    const fresh = String(reset.body.password);
    assert.notEqual(fresh, password);
    assert.equal((await login('reset-me', password)).status, 401, 'the old password is gone');
    assert.equal((await login('reset-me', fresh)).status, 200);
    assert.equal((await request('GET', '/me/sip', { token: session.body.token ?? '' })).status, 401, 'the old session is signed out');
    const before = await get().database.db.selectFrom('agents').select('sip_ha1_md5').where('id', '=', agent.id).executeTakeFirstOrThrow();
    const sip = await request('POST', `/agents/${agent.id}/reset-sip-password`);
    assert.equal(typeof sip.body.sip_password, 'string');
    const after = await get().database.db.selectFrom('agents').select('sip_ha1_md5').where('id', '=', agent.id).executeTakeFirstOrThrow();
    assert.notEqual(after.sip_ha1_md5, before.sip_ha1_md5, 'a new digest secret');
    assert.equal((await request('POST', '/users/7d6f5a9e-1111-4222-8333-444455556666/reset-password')).status, 404);
    const supervisor = await userWithRole('supervisor', 'reset-supervisor');
    assert.equal((await request('POST', `/users/${user.id}/reset-password`, { token: supervisor.token })).status, 403);
    assert.equal((await request('POST', '/agent-accounts', { token: supervisor.token, body: { name: 'X', username: 'x-sup', extension: '3499' } })).status, 403);
  });
});
