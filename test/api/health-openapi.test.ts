// Health without auth, and the OpenAPI document generated from the route schemas.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachApi } from './api-harness.js';

let mediaUp = true;

describeEachApi('health and OpenAPI', (get) => {
  it('health (liveness) is 200 with the components; ready is 503 when one is down', async () => {
    mediaUp = true;
    const up = await get().request('GET', '/health', { token: null });
    assert.equal(up.status, 200);
    assert.deepEqual(up.body, { status: 'up', components: { database: 'up', sip: 'up', media: 'up' } });
    const ready = await get().request('GET', '/ready', { token: null });
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { status: 'ready', components: { database: 'up', sip: 'up', media: 'up' } });
    mediaUp = false;
    const alive = await get().request('GET', '/health', { token: null });
    assert.equal(alive.status, 200, 'a component down does not make the process look dead');
    assert.deepEqual(alive.body, { status: 'up', components: { database: 'up', sip: 'up', media: 'down' } });
    const notReady = await get().request('GET', '/ready', { token: null });
    assert.equal(notReady.status, 503);
    assert.deepEqual(notReady.body, { status: 'down', components: { database: 'up', sip: 'up', media: 'down' } });
  });

  it('serves an OpenAPI 3 document built from the validating schemas', async () => {
    const doc = await get().request('GET', '/openapi.json', { token: null });
    assert.equal(doc.status, 200);
    assert.equal(doc.body.openapi, '3.1.0');
    const paths = doc.body.paths as Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> }; parameters: { name: string }[] }>>;
    for (const path of ['/api/trunks', '/api/trunks/{id}', '/api/calls', '/api/calls/export.csv', '/api/queues/{id}/members', '/api/auth/login', '/api/health', '/api/ready', '/api/metrics']) assert.ok(paths[path], `${path} documented`);
    const trunk = paths['/api/trunks']!.post!.requestBody!.content['application/json']!.schema;
    assert.deepEqual(trunk.required, ['name', 'auth_type']);
    assert.deepEqual(trunk.properties.register_port, { anyOf: [{ type: 'integer', minimum: 1, maximum: 65535 }, { type: 'null' }] });
    assert.deepEqual(paths['/api/calls']!.get!.parameters.map((p) => p.name).slice(0, 3), ['since', 'until', 'number']);
  });

  it('answers unknown routes and malformed JSON with JSON errors, not 500', async () => {
    const missing = await get().request('GET', '/nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error, 'no such route');
    const bad = await get().request('POST', '/contacts', { body: '{"name": ' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'request body is not valid JSON');
  });

  it('turns values the database cannot hold into 400s', async () => {
    const { request } = get();
    const nul = await request('POST', '/contacts', { body: { phone_number: '+15550001', name: 'A\u0000B' } });
    assert.deepEqual(nul.body.details, [{ path: 'body.name', message: 'must not contain NUL characters' }]);
    const nulInJson = await request('POST', '/ivr-flows', { body: { name: 'nul', definition: { start: 'a', nodes: { a: { verb: 'hangup', note: 'x\u0000' } } } } });
    assert.equal(nulInJson.status, 400);
    const huge = await request('GET', '/calls?min_duration=99999999999');
    assert.deepEqual(huge.body.details, [{ path: 'query.min_duration', message: 'must be 10000000 or less' }]);
    const wrongType = await request('POST', '/contacts', { body: 'plain text', contentType: 'text/plain' });
    assert.equal(wrongType.status, 415);
    assert.equal((await request('PATCH', '/contacts/7d6f5a9e-1111-4222-8333-444455556666')).status, 415);
    const nested = await request('GET', '/calls?since[gt]=2026-01-01');
    assert.deepEqual(nested.body.details, [{ path: 'query.since[gt]', message: 'is not a known field' }]);
  });
}, { health: async () => ({ sip: 'up', media: mediaUp ? 'up' : 'down' }) });
