// Users (admin only), login/logout, tokens (shown once, hashed, revocable, last use).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachApi } from './api-harness.js';
import { crudContract } from './crud-contract.js';

describeEachApi('users, auth and tokens API', (get) => {
  crudContract(get, {
    path: '/users',
    create: (n) => ({ username: `user${n}`, role: 'supervisor', password: 'user-password-1', display_name: `User ${n}` }),
    patch: { display_name: 'Renamed', email: 'r@example.test', role: 'agent' },
    invalid: [
      { body: { username: 'u1', role: 'root', password: 'long-enough' }, field: 'role', message: /admin, supervisor, agent/ },
      { body: { username: 'u1', role: 'agent', password: 'short' }, field: 'password', message: /at least 8/ },
      { body: { username: 'u1', role: 'agent', password: 'long-enough', email: 'nope' }, field: 'email', message: /email/ },
    ],
    hidden: ['password', 'password_hash'],
    deniedRole: 'supervisor',
  });

  it('logs in with username and password, and logs out', async () => {
    const { request, adminPassword } = get();
    const wrong = await request('POST', '/auth/login', { token: null, body: { username: 'admin', password: 'nope' } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'wrong username or password');
    const missing = await request('POST', '/auth/login', { token: null, body: { username: 'admin' } });
    assert.deepEqual(missing.body.details, [{ path: 'body.password', message: 'is required' }]);
    const login = await request('POST', '/auth/login', { token: null, body: { username: 'admin', password: adminPassword } });
    assert.equal(login.status, 200);
    const token = login.body.token as string;
    assert.equal((login.body.user as { role: string }).role, 'admin');
    assert.equal('password_hash' in (login.body.user as object), false);
    const me = await request('GET', '/auth/me', { token });
    assert.equal((me.body.user as { username: string }).username, 'admin');
    assert.equal((await request('POST', '/auth/logout', { token })).status, 204);
    assert.equal((await request('GET', '/auth/me', { token })).status, 401);
  });

  it('throttles repeated failed logins for a username (429 with Retry-After after 10 failures)', async () => {
    const { request } = get();
    const attempt = (password: string) => request('POST', '/auth/login', { token: null, body: { username: 'user-throttled', password } });
    await request('POST', '/users', { body: { username: 'user-throttled', role: 'agent', password: 'right-password' } });
    for (let i = 0; i < 10; i++) assert.equal((await attempt('wrong')).status, 401);
    const blocked = await attempt('right-password');
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    assert.equal((await request('POST', '/auth/login', { token: null, body: { username: 'admin', password: get().adminPassword } })).status, 200);
  });

  it('shows a token once, stores its hash, records its use and revokes it', async () => {
    const { request, database, userWithRole } = get();
    const created = await request('POST', '/tokens', { body: { name: 'ci', expires_in_days: 30 } });
    assert.equal(created.status, 201);
    const token = created.body.token as string;
    assert.match(token, /^sb_/);
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM api_tokens WHERE token_hash = ${token}`.execute(database.db);
    assert.equal(stored.rows[0]?.n, 0, 'the plain token is not what is stored');
    assert.equal((await request('GET', `/tokens/${created.body.id}`)).body.last_used_at, null);
    assert.equal((await request('GET', '/agents', { token })).status, 200);
    const after = await request('GET', `/tokens/${created.body.id}`);
    assert.notEqual(after.body.last_used_at, null);
    assert.equal('token' in after.body || 'token_hash' in after.body, false);
    const list = await request('GET', '/tokens');
    assert.ok(list.text.includes(created.body.id!) && !list.text.includes(token));

    const agent = await userWithRole('agent', 'token-agent');
    assert.equal((await request('DELETE', `/tokens/${created.body.id}`, { token: agent.token })).status, 403);
    assert.equal((await request('GET', '/tokens?all=true', { token: agent.token })).status, 403);
    assert.equal((await request('DELETE', `/tokens/${created.body.id}`)).status, 204);
    assert.equal((await request('GET', '/agents', { token })).status, 401);
    assert.notEqual((await request('GET', `/tokens/${created.body.id}`)).body.revoked_at, null);
  });

  it('refuses to delete or demote yourself', async () => {
    const { request } = get();
    const me = await request('GET', '/auth/me');
    const id = (me.body.user as { id: string }).id;
    assert.equal((await request('DELETE', `/users/${id}`)).status, 409);
    assert.equal((await request('PATCH', `/users/${id}`, { body: { role: 'agent' } })).status, 409);
  });
});
