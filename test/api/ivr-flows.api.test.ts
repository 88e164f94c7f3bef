// IVR flows: schema-validated definitions, every jump names a node, versions on change.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachApi } from './api-harness.js';
import { crudContract } from './crud-contract.js';

const flow = {
  start: 'welcome',
  nodes: {
    welcome: { verb: 'say', text: 'Welcome', next: 'menu' },
    menu: { verb: 'menu', prompt: 'Press 1 for sales', options: { 1: 'sales' }, on_timeout: 'bye' },
    sales: { verb: 'queue', queue: 'sales' },
    bye: { verb: 'hangup' },
  },
};

describeEachApi('IVR flows API', (get) => {
  crudContract(get, {
    path: '/ivr-flows',
    create: (n) => ({ name: `flow-${n}`, description: 'main', definition: flow }),
    patch: { description: 'changed', definition: { start: 'bye', nodes: { bye: { verb: 'hangup' } } } },
    invalid: [
      { body: { name: 'f', definition: { start: 'a', nodes: { a: { verb: 'dance' } } } }, field: 'definition.nodes.a.verb', message: /one of: play/ },
      { body: { name: 'f', definition: { start: 'b', nodes: { a: { verb: 'hangup' } } } }, field: 'definition.start', message: /must name a node/ },
      { body: { name: 'f', definition: { start: 'a', nodes: { a: { verb: 'menu', options: { 1: 'nowhere' } } } } }, field: 'definition.nodes.a.options.1', message: /must name a node/ },
      { body: { name: 'f', definition: { start: 'a', nodes: { 'a b': { verb: 'hangup' } } } }, field: 'definition.nodes.a b' },
      { body: { name: 'f' }, field: 'definition', message: /required/ },
    ],
    deniedRole: 'supervisor',
  });

  it('is read by admins only: a flow may hold webhook secrets', async () => {
    const { request, userWithRole } = get();
    const created = await request('POST', '/ivr-flows', { body: { name: 'with-a-hook', definition: flow } });
    const { token } = await userWithRole('supervisor', 'flow-reader');
    assert.equal((await request('GET', '/ivr-flows', { token })).status, 403);
    assert.equal((await request('GET', `/ivr-flows/${created.body.id}`, { token })).status, 403);
    assert.equal((await request('GET', `/ivr-flows/${created.body.id}/versions/1`, { token })).status, 403);
  });

  it('creates a new version on each definition change and keeps the old ones', async () => {
    const { request } = get();
    const created = await request('POST', '/ivr-flows', { body: { name: 'versioned', definition: flow } });
    assert.equal(created.body.current_version, 1);
    const renamed = await request('PATCH', `/ivr-flows/${created.body.id}`, { body: { description: 'no new version' } });
    assert.equal(renamed.body.current_version, 1);
    const v2 = { start: 'bye', nodes: { bye: { verb: 'hangup' } } };
    const changed = await request('PATCH', `/ivr-flows/${created.body.id}`, { body: { definition: v2 } });
    assert.equal(changed.body.current_version, 2);
    assert.deepEqual((await request('GET', `/ivr-flows/${created.body.id}/versions/1`)).body, flow);
    assert.deepEqual((await request('GET', `/ivr-flows/${created.body.id}/versions/2`)).body, v2);
    assert.equal((await request('GET', `/ivr-flows/${created.body.id}/versions/3`)).status, 404);
    const versions = await request('GET', `/ivr-flows/${created.body.id}/versions`);
    // Who wrote each version comes from the audit log; the description-only change wrote none.
    assert.deepEqual((versions.body as unknown as { version: number; changed_by: string | null; action: string | null }[]).map((v) => [v.version, v.changed_by, v.action]),
      [[1, 'admin', 'create'], [2, 'admin', 'update']]);
  });
});

// With server/ivr's checker plugged in, its verbs and its messages are what count.
describeEachApi('IVR flows API with a verb checker', (get) => {
  it('accepts what the checker accepts and reports its issues under body.definition', async () => {
    const { request } = get();
    const ok = await request('POST', '/ivr-flows', { body: { name: 'with-set', definition: { start: 'a', nodes: { a: { verb: 'set', name: 'x' } } } } });
    assert.equal(ok.status, 201, ok.text);
    const bad = await request('POST', '/ivr-flows', { body: { name: 'no-text', definition: { start: 'a', nodes: { a: { verb: 'say' } } } } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.details, [{ path: 'body.definition.nodes.a.text', message: 'is required' }]);
  });
}, {
  checkIvrFlow: (definition) => Object.entries(definition.nodes)
    .filter(([, node]) => node.verb === 'say' && node.text === undefined)
    .map(([key]) => ({ path: `nodes.${key}.text`, message: 'is required' })),
});
