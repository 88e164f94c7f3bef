// Agents: CRUD, SIP password → HA1 only (never returned, never stored), rules on changes.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { describeEachApi } from './api-harness.js';
import { crudContract } from './crud-contract.js';

describeEachApi('agents API', (get) => {
  crudContract(get, {
    path: '/agents',
    create: (n) => ({ name: `Agent ${n}`, extension: `10${n}1`, sip_username: `agent${n}`, sip_password: 'sip-secret-1', skills: [] }),
    patch: { wrap_up_seconds: 30, max_concurrent_calls: 1 },
    invalid: [
      { body: { name: 'A', extension: '1x', sip_username: 'a', sip_password: 'long-enough' }, field: 'extension', message: /digits/ },
      { body: { name: 'A', extension: '100', sip_username: 'a', sip_password: 'short' }, field: 'sip_password', message: /at least 8/ },
      { body: { name: 'A', extension: '100', sip_username: 'a b', sip_password: 'long-enough' }, field: 'sip_username' },
      { body: { name: 'A', extension: '100', sip_username: 'a', sip_password: 'long-enough', skills: [{ skill: 's', proficiency: 6 }] }, field: 'skills.0.proficiency', message: /5 or less/ },
      { body: { name: 'A', extension: '100', sip_username: 'a', sip_password: 'long-enough', user_id: '7d6f5a9e-1111-4222-8333-444455556666' }, field: 'user_id', message: /no such user/ },
    ],
    hidden: ['sip_password', 'sip_ha1_md5', 'sip_ha1_sha256'],
    deniedRole: 'agent',
  });

  it('stores the HA1 of the SIP password and never the password itself', async () => {
    const { request, database, repos } = get();
    const password = 'Very-Plain-SIP-Password-55';
    const created = await request('POST', '/agents', { body: { name: 'Dee', extension: '7001', sip_username: 'dee', sip_password: password } });
    assert.equal(created.status, 201);
    assert.ok(!created.text.includes(password));
    const creds = await repos.agents.findBySipUsername('dee');
    assert.equal(creds?.ha1Md5, createHash('md5').update(`dee:switchboard:${password}`).digest('hex'));
    const dump = await sql<{ t: string }>`SELECT string_agg(a::text, ' ') AS t FROM agents a`.execute(database.db);
    assert.ok(dump.rows[0]?.t.includes(creds!.ha1Md5));
    assert.ok(!dump.rows[0]?.t.includes(password));
  });

  it('needs the password again when the SIP username changes; refuses a taken extension', async () => {
    const { request } = get();
    const created = await request('POST', '/agents', { body: { name: 'Eve', extension: '7002', sip_username: 'eve', sip_password: 'eve-sip-pass' } });
    const renamed = await request('PATCH', `/agents/${created.body.id}`, { body: { sip_username: 'eve2' } });
    assert.equal(renamed.status, 400);
    assert.deepEqual(renamed.body.details, [{ path: 'body.sip_password', message: 'is required when sip_username changes' }]);
    const ok = await request('PATCH', `/agents/${created.body.id}`, { body: { sip_username: 'eve2', sip_password: 'eve-new-pass' } });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.sip_username, 'eve2');
    const clash = await request('POST', '/agents', { body: { name: 'Eve too', extension: '7002', sip_username: 'eve3', sip_password: 'eve-sip-pass' } });
    assert.equal(clash.status, 409);
    assert.deepEqual(clash.body.details, [{ path: 'body.extension', message: 'is already in use' }]);
  });

  it('lets supervisors read agents but not change them', async () => {
    const { request, userWithRole } = get();
    const { token } = await userWithRole('supervisor', 'sup-agents');
    assert.equal((await request('GET', '/agents', { token })).status, 200);
    const list = await request('GET', '/agents', { token });
    const id = list.body.items?.[0]?.id;
    assert.equal((await request('PATCH', `/agents/${id}`, { token, body: { wrap_up_seconds: 1 } })).status, 403);
  });
});
