// Issue 12's provisioning of outbound calls through the API: a trunk takes outbound_uri,
// outbound_proxy and a default_caller_id only when it is one of the center's numbers; an
// agent's outbound caller id likewise; routes name existing trunks that can take outbound
// calls, and a bad prefix is a 400 naming the field.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startCenter } from '../../e2e/helpers/center.js';

describe('outbound provisioning API', { timeout: 60_000 }, () => {
  test('caller ids must be the center\'s numbers; routes need outbound trunks', async (t) => {
    const c = await startCenter(t);
    const login = await fetch(`http://127.0.0.1:${c.httpPort}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-secret-pw' }) });
    const { token } = (await login.json()) as { token: string };
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${c.httpPort}/api${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> & { details?: { path: string; message: string }[] } };
    };
    const base = { auth_type: 'ip', allowed_cidrs: ['192.0.2.1/32'], outbound_uri: 'sip:carrier.example.test:5060;transport=udp' };
    const foreign = await api('POST', '/trunks', { ...base, name: 'spoofing', default_caller_id: '+19995550000' });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.details?.[0]?.path, 'body.default_caller_id');
    const bad = await api('POST', '/trunks', { ...base, name: 'bad-uri', outbound_uri: 'http://x' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.details?.[0]?.path, 'body.outbound_uri');
    const trunk = await api('POST', '/trunks', { ...base, name: 'carrier', default_caller_id: '+15550100', outbound_proxy: 'proxy.example.test' });
    assert.equal(trunk.status, 201, JSON.stringify(trunk.body));
    const inboundOnly = await api('POST', '/trunks', { auth_type: 'ip', allowed_cidrs: ['192.0.2.2/32'], name: 'inbound-only' });

    const agents = (await api('GET', '/agents')).body.items as { id: string }[];
    const agentId = agents[0]?.id ?? '';
    const spoof = await api('PATCH', `/agents/${agentId}`, { outbound_caller_id: '+19995550000' });
    assert.equal(spoof.status, 400);
    assert.equal(spoof.body.details?.[0]?.path, 'body.outbound_caller_id');
    const agent = await api('PATCH', `/agents/${agentId}`, { outbound_caller_id: '+15550100', outbound_classes: ['national', 'international'], outbound_max_concurrent: 2, outbound_max_per_hour: 20 });
    assert.equal(agent.status, 200, JSON.stringify(agent.body));
    assert.deepEqual(agent.body.outbound_classes, ['national', 'international']);
    assert.equal((await api('PATCH', `/agents/${agentId}`, { outbound_classes: ['satellite'] })).status, 400);

    assert.equal((await api('POST', '/outbound-routes', { name: 'x', match_prefix: '44', trunk_ids: [trunk.body.id] })).body.details?.[0]?.path, 'body.match_prefix');
    const noOutbound = await api('POST', '/outbound-routes', { name: 'x', trunk_ids: [inboundOnly.body.id] });
    assert.equal(noOutbound.status, 400);
    assert.match(noOutbound.body.details?.[0]?.message ?? '', /outbound_uri/);
    const route = await api('POST', '/outbound-routes', { name: 'uk', match_prefix: '+44', strip_digits: 2, add_prefix: '0', trunk_ids: [trunk.body.id] });
    assert.equal(route.status, 201, JSON.stringify(route.body));
    assert.equal(route.body.priority, 100);
    const list = (await api('GET', '/outbound-routes')).body.items as { name: string }[];
    assert.deepEqual(list.map((r) => r.name), ['uk']);
  });
});
