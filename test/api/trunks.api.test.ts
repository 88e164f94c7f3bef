// Trunks: CRUD, cross-field rules (a registration trunk needs its registrar and credentials,
// an IP trunk takes no register_* field), a register password never returned.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachApi } from './api-harness.js';
import { crudContract } from './crud-contract.js';

describeEachApi('trunks API', (get) => {
  crudContract(get, {
    path: '/trunks',
    create: (n) => ({ name: `carrier-${n}`, auth_type: 'ip', allowed_cidrs: [`192.0.2.${n}`], codecs: ['PCMU', 'PCMA'] }),
    patch: { enabled: false, allowed_cidrs: ['198.51.100.0/24'], max_channels: 30, max_cps: 5 },
    invalid: [
      { body: { auth_type: 'ip', allowed_cidrs: ['10.0.0.0/8'] }, field: 'name', message: /required/ },
      { body: { name: 'x', auth_type: 'ip', allowed_cidrs: ['10.0.0.0/33'] }, field: 'allowed_cidrs.0', message: /CIDR/ },
      { body: { name: 'x', auth_type: 'carrier-pigeon' }, field: 'auth_type', message: /one of: ip, registration/ },
      { body: { name: 'x', auth_type: 'ip' }, field: 'allowed_cidrs', message: /at least one address/ },
      { body: { name: 'x', auth_type: 'registration', register_host: 'h' }, field: 'register_username', message: /registration trunk needs it/ },
      { body: { name: 'x', auth_type: 'ip', allowed_cidrs: ['10.0.0.1'], register_host: 'h' }, field: 'register_host', message: /only for auth_type "registration"/ },
      { body: { name: 'x', auth_type: 'ip', allowed_cidrs: ['10.0.0.1'], register_port: 70000 }, field: 'register_port', message: /65535 or less/ },
      { body: { name: 'x', auth_type: 'ip', allowed_cidrs: ['10.0.0.1'], max_cps: 0 }, field: 'max_cps', message: /1 or more/ },
    ],
    hidden: ['register_password'],
    deniedRole: 'supervisor',
  });

  it('says whether a password is set and keeps it out of replies', async () => {
    const { request } = get();
    const reg = await request('POST', '/trunks', { body: { name: 'reg', auth_type: 'registration', register_host: 'sip.example.test', register_username: 'u', register_password: 'pw-XYZ-987', enabled: false } });
    assert.equal(reg.status, 201, reg.text);
    assert.equal(reg.body.has_register_password, true);
    assert.ok(!reg.text.includes('pw-XYZ-987'));
    assert.ok(!(await request('GET', `/trunks/${String(reg.body.id)}`)).text.includes('pw-XYZ-987'));
    const ip = await request('POST', '/trunks', { body: { name: 'ip', auth_type: 'ip', allowed_cidrs: ['192.0.2.0/24', '2001:db8::/32'] } });
    assert.equal(ip.status, 201);
    assert.deepEqual(ip.body.allowed_cidrs, ['192.0.2.0/24', '2001:db8::/32']);
    assert.deepEqual(ip.body.codecs, ['PCMU', 'PCMA']);
    assert.equal(ip.body.has_register_password, false);
    const duplicate = await request('POST', '/trunks', { body: { name: 'ip', auth_type: 'ip', allowed_cidrs: ['192.0.2.1'] } });
    assert.equal(duplicate.status, 409);
    assert.deepEqual(duplicate.body.details, [{ path: 'body.name', message: 'is already in use' }]);
  });

  it('refuses trunks to agents, even to read', async () => {
    const { request, userWithRole } = get();
    const { token } = await userWithRole('agent', 'trunk-agent');
    assert.equal((await request('POST', '/trunks', { token, body: { name: 'sneaky', auth_type: 'ip', allowed_cidrs: ['0.0.0.0/0'] } })).status, 403);
    assert.equal((await request('GET', '/trunks', { token })).status, 403);
    const list = await request('GET', '/trunks');
    assert.ok(!list.text.includes('sneaky'));
  });
});
