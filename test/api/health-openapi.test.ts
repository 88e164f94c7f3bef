// Health without auth, and the OpenAPI document generated from the route schemas.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachApi } from './api-harness.js';

let mediaUp = true;

describeEachApi('health and OpenAPI', (get) => {
  it('reports every component without auth, 503 when one is down', async () => {
    mediaUp = true;
    const up = await get().request('GET', '/health', { token: null });
    assert.equal(up.status, 200);
    assert.deepEqual(up.body, { status: 'up', components: { database: 'up', sip: 'up', media: 'up' } });
    mediaUp = false;
    const down = await get().request('GET', '/health', { token: null });
    assert.equal(down.status, 503);
    assert.deepEqual(down.body, { status: 'down', components: { database: 'up', sip: 'up', media: 'down' } });
  });

  it('serves an OpenAPI 3 document built from the validating schemas', async () => {
    const doc = await get().request('GET', '/openapi.json', { token: null });
    assert.equal(doc.status, 200);
    assert.equal(doc.body.openapi, '3.1.0');
    const paths = doc.body.paths as Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> }; parameters: { name: string }[] }>>;
    for (const path of ['/api/trunks', '/api/trunks/{id}', '/api/calls', '/api/calls/export.csv', '/api/queues/{id}/members', '/api/auth/login', '/api/health']) assert.ok(paths[path], `${path} documented`);
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
}, { health: async () => ({ sip: 'up', media: mediaUp ? 'up' : 'down' }) });
