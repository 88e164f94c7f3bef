// test-file-timeout: 2 min
// Issue 14: secrets never appear in the audit log. A trunk's registration password (set, then
// changed), a webhook's signing secret, an agent's SIP password, a user's password and a new
// API token are each audited — the entries say a change happened and which fields it set —
// but neither the rows in the database nor GET /api/audit carry any of the secret strings.
// The redactor behind it drops keys naming a secret at any depth, and keeps booleans.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachApi } from '../api-harness.js';
import { redactSecrets } from '../../../server/api/http/audit-log.js';
import { auditMark, entriesAfter } from './audit-helpers.js';

const webhooks = { added: () => undefined, removed: () => undefined };

describeEachApi('audit log: secrets', (get) => {
  it('keeps no secret in the rows or the listing', { timeout: 60_000 }, async () => {
    const h = get();
    const mark = await auditMark(h);
    const trunk = await h.request('POST', '/trunks', { body: { name: 'audit-reg', auth_type: 'registration', register_host: 'sip.example.test', register_username: 'u', register_password: 'Trunk-Pw-First-1', enabled: false } });
    assert.equal(trunk.status, 201, trunk.text);
    assert.equal((await h.request('PATCH', `/trunks/${String(trunk.body.id)}`, { body: { register_password: 'Trunk-Pw-Second-2' } })).status, 200);
    const hook = await h.request('POST', '/webhooks', { body: { url: 'https://crm.example.test/hooks' } });
    assert.equal(hook.status, 201, hook.text);
    const hookSecret = String(hook.body.secret);
    assert.ok(hookSecret.length >= 32);
    const agent = await h.request('POST', '/agents', { body: { name: 'Audit Agent', extension: '4711', sip_username: 'audit4711', sip_password: 'Sip-Pw-Third-3' } });
    assert.equal(agent.status, 201, agent.text);
    const user = await h.request('POST', '/users', { body: { username: 'audit-user', role: 'supervisor', password: 'User-Pw-Fourth-4' } });
    assert.equal(user.status, 201, user.text);
    assert.equal((await h.request('PATCH', `/users/${String(user.body.id)}`, { body: { password: 'User-Pw-Fifth-5' } })).status, 200);
    const token = await h.request('POST', '/tokens', { body: { name: 'audit-script', expires_in_days: 1 } });
    assert.equal(token.status, 201, token.text);
    const secrets = ['Trunk-Pw-First-1', 'Trunk-Pw-Second-2', hookSecret, 'Sip-Pw-Third-3', 'User-Pw-Fourth-4', 'User-Pw-Fifth-5', String(token.body.token)];

    const entries = await entriesAfter(h, mark);
    assert.deepEqual(entries.map((e) => `${e.action} ${e.resource_type}`), ['create trunk', 'update trunk', 'create webhook', 'create agent', 'create user', 'update user', 'create token']);
    const [, trunkUpdate, hookCreated, , , passwordChange, tokenCreated] = entries;
    assert.deepEqual(trunkUpdate!.changed, ['register_password'], 'the entry names the field, not its value');
    assert.equal(trunkUpdate!.after?.has_register_password, true);
    assert.deepEqual(passwordChange!.changed, ['password']);
    assert.equal(hookCreated!.after?.url, 'https://crm.example.test/hooks');
    assert.ok(!('secret' in (hookCreated!.after ?? {})));
    assert.equal(tokenCreated!.after?.name, 'audit-script');

    const listing = (await h.request('GET', '/audit?limit=500')).text;
    const rows = JSON.stringify((await sql`SELECT * FROM audit_log`.execute(h.database.db)).rows);
    for (const secret of secrets) {
      assert.ok(!listing.includes(secret), `${secret.slice(0, 6)}… not in GET /api/audit`);
      assert.ok(!rows.includes(secret), `${secret.slice(0, 6)}… not in the audit_log rows`);
    }
  });

  it('the redactor drops secret keys at any depth and keeps booleans', () => {
    assert.deepEqual(redactSecrets({
      name: 'x', register_password: 'p', has_register_password: true, nested: [{ secret: 's', token: 't', sip_ha1_md5: 'h', keep: 1 }], at: new Date('2026-01-01T00:00:00Z'),
    }), { name: 'x', has_register_password: true, nested: [{ keep: 1 }], at: '2026-01-01T00:00:00.000Z' });
    assert.equal(redactSecrets(undefined), null);
    assert.deepEqual(redactSecrets('plain'), { value: 'plain' });
  });
}, { webhooks });
