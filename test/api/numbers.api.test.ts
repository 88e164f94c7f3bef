// Numbers (DIDs): CRUD, destinations must exist, a DID routes once (409).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachApi } from './api-harness.js';
import { crudContract } from './crud-contract.js';

describeEachApi('numbers API', (get) => {
  crudContract(get, {
    path: '/numbers',
    create: (n) => ({ e164: `+1415555010${n}`, destination: { type: 'extension', extension: '1001' }, description: 'main line' }),
    patch: { destination: { type: 'hangup' }, description: 'closed' },
    invalid: [
      { body: { e164: '4155550100', destination: { type: 'hangup' } }, field: 'e164', message: /E\.164/ },
      { body: { e164: '+14155550100', destination: { type: 'queue' } }, field: 'destination.id', message: /required for a queue destination/ },
      { body: { e164: '+14155550100', destination: { type: 'queue', id: '7d6f5a9e-1111-4222-8333-444455556666' } }, field: 'destination.id', message: /no queue with this id/ },
      { body: { e164: '+14155550100', destination: { type: 'extension' } }, field: 'destination.extension' },
      { body: { e164: '+14155550100', destination: { type: 'hangup' }, trunk_id: '7d6f5a9e-1111-4222-8333-444455556666' }, field: 'trunk_id', message: /does not exist/ },
    ],
    deniedRole: 'supervisor',
  });

  it('routes a DID to an existing queue, and refuses a second route for it with 409', async () => {
    const { request } = get();
    const queue = await request('POST', '/queues', { body: { name: 'support', strategy: 'ring-all' } });
    const first = await request('POST', '/numbers', { body: { e164: '+442071234567', destination: { type: 'queue', id: queue.body.id } } });
    assert.equal(first.status, 201);
    assert.deepEqual(first.body.destination, { type: 'queue', id: queue.body.id });
    const again = await request('POST', '/numbers', { body: { e164: '+442071234567', destination: { type: 'hangup' } } });
    assert.equal(again.status, 409);
    assert.equal(again.body.error, '+442071234567 is already routed');
    const other = await request('POST', '/numbers', { body: { e164: '+442071234568', destination: { type: 'hangup' } } });
    const moved = await request('PATCH', `/numbers/${other.body.id}`, { body: { e164: '+442071234567' } });
    assert.equal(moved.status, 409);
  });

  it('refuses to delete a queue, agent or IVR flow that a number or an overflow still routes to', async () => {
    const { request } = get();
    const queue = await request('POST', '/queues', { body: { name: 'routed', strategy: 'ring-all' } });
    const flow = await request('POST', '/ivr-flows', { body: { name: 'routed', definition: { start: 'a', nodes: { a: { verb: 'hangup' } } } } });
    const number = await request('POST', '/numbers', { body: { e164: '+3312345678', destination: { type: 'queue', id: queue.body.id } } });
    await request('POST', '/queues', { body: { name: 'overflowing', strategy: 'ring-all', overflow_destination: { type: 'ivr', id: flow.body.id } } });
    const busyQueue = await request('DELETE', `/queues/${queue.body.id}`);
    assert.equal(busyQueue.status, 409);
    assert.match(busyQueue.body.error ?? '', /\+3312345678/);
    const busyFlow = await request('DELETE', `/ivr-flows/${flow.body.id}`);
    assert.equal(busyFlow.status, 409);
    assert.match(busyFlow.body.error ?? '', /queue "overflowing"/);
    await request('PATCH', `/numbers/${number.body.id}`, { body: { destination: { type: 'hangup' } } });
    assert.equal((await request('DELETE', `/queues/${queue.body.id}`)).status, 204);
  });
});
