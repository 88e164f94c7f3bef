// Issue 10, tokens: a password change and a disabled account revoke every token of the user
// (the old token gets 401); every token expires — a sign-in session cannot mint a token that
// never expires or outlives API_TOKEN_MAX_DAYS, and an API token cannot mint one outliving itself.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachApi } from '../api-harness.js';

const day = 86400_000;

describeEachApi('token revocation and lifetimes', (get) => {
  const signIn = async (username: string, password: string): Promise<string> => {
    const r = await get().request('POST', '/auth/login', { token: null, body: { username, password } });
    assert.equal(r.status, 200, r.text);
    return String(r.body.token);
  };

  it('a password change revokes the user\'s session and API tokens (401)', { timeout: 30_000 }, async () => {
    const { request } = get();
    const user = await request('POST', '/users', { body: { username: 'pw-change', role: 'supervisor', password: 'first-password' } });
    const session = await signIn('pw-change', 'first-password');
    const apiToken = String((await request('POST', '/tokens', { token: session, body: { name: 'script', expires_in_days: 30 } })).body.token);
    assert.equal((await request('GET', '/auth/me', { token: session })).status, 200);
    assert.equal((await request('GET', '/auth/me', { token: apiToken })).status, 200);
    assert.equal((await request('PATCH', `/users/${user.body.id}`, { body: { password: 'second-password' } })).status, 200);
    assert.equal((await request('GET', '/auth/me', { token: session })).status, 401, 'the old session token');
    assert.equal((await request('GET', '/auth/me', { token: apiToken })).status, 401, 'the old API token');
    const again = await signIn('pw-change', 'second-password');
    assert.equal((await request('GET', '/auth/me', { token: again })).status, 200, 'the new password signs in');
    // A change that is not the password (display name) revokes nothing.
    assert.equal((await request('PATCH', `/users/${user.body.id}`, { body: { display_name: 'Renamed' } })).status, 200);
    assert.equal((await request('GET', '/auth/me', { token: again })).status, 200);
  });

  it('disabling a user revokes their tokens; enabling again does not bring them back', { timeout: 30_000 }, async () => {
    const { request } = get();
    const user = await request('POST', '/users', { body: { username: 'to-disable', role: 'agent', password: 'agent-password' } });
    const session = await signIn('to-disable', 'agent-password');
    assert.equal((await request('PATCH', `/users/${user.body.id}`, { body: { disabled: true } })).status, 200);
    assert.equal((await request('GET', '/auth/me', { token: session })).status, 401);
    assert.equal((await request('PATCH', `/users/${user.body.id}`, { body: { disabled: false } })).status, 200);
    assert.equal((await request('GET', '/auth/me', { token: session })).status, 401, 'revoked for good');
    const revoked = await request('GET', '/tokens?all=true');
    assert.ok((revoked.body as unknown as { user_id: string; revoked_at: string | null }[]).filter((x) => x.user_id === user.body.id).every((x) => x.revoked_at !== null));
  });

  it('a session cannot mint a token that never expires or outlives the maximum (90 days)', { timeout: 30_000 }, async () => {
    const { request } = get();
    await request('POST', '/users', { body: { username: 'minter', role: 'supervisor', password: 'minter-password' } });
    const session = await signIn('minter', 'minter-password');
    const noExpiry = await request('POST', '/tokens', { token: session, body: { name: 'forever?' } });
    assert.equal(noExpiry.status, 201);
    assert.notEqual(noExpiry.body.expires_at, null, 'no token without an expiry');
    const expires = new Date(String(noExpiry.body.expires_at)).getTime();
    assert.ok(expires <= Date.now() + 90 * day + 60_000 && expires > Date.now() + 89 * day, 'the maximum when none is asked for');
    assert.equal(noExpiry.body.kind, 'api');
    const tooLong = await request('POST', '/tokens', { token: session, body: { name: 'ten years', expires_in_days: 3650 } });
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.body.details?.[0]?.path, 'body.expires_in_days');
    assert.match(String(tooLong.body.details?.[0]?.message), /at most 90/);

    // An API token of 5 days may mint up to its own expiry, not beyond.
    const short = String((await request('POST', '/tokens', { token: session, body: { name: 'short', expires_in_days: 5 } })).body.token);
    const beyond = await request('POST', '/tokens', { token: short, body: { name: 'chain', expires_in_days: 30 } });
    assert.equal(beyond.status, 400);
    assert.match(String(beyond.body.details?.[0]?.message), /must not outlive/);
    const chained = await request('POST', '/tokens', { token: short, body: { name: 'chain' } });
    assert.equal(chained.status, 201);
    assert.ok(new Date(String(chained.body.expires_at)).getTime() <= Date.now() + 5 * day + 1000, 'clamped to the minting token\'s expiry');
  });
});
