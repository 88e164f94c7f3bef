// The schema builder on its own: what it accepts, the message and path of each refusal, and
// the JSON Schema it emits for the same definition.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { s, validate } from '../../server/validation/schema.js';

const contact = s.object({
  name: s.string({ minLength: 1, maxLength: 5 }),
  age: s.integer({ min: 0 }).optional(),
  tags: s.array(s.enum(['a', 'b'] as const), { maxItems: 2 }).optional(),
  email: s.string().nullable().optional(),
  when: s.dateTime().optional(),
}).refine((c) => (c.name === 'root' ? [{ path: 'name', message: 'is reserved' }] : undefined));

describe('schema builder', () => {
  it('parses valid input into typed values', () => {
    const r = validate(contact, { name: 'Ann', age: 3, tags: ['a'], email: null, when: '2026-01-02T03:04:05Z' });
    assert.ok(r.ok);
    assert.equal(r.value.name, 'Ann');
    assert.equal(r.value.when?.toISOString(), '2026-01-02T03:04:05.000Z');
    assert.equal(r.value.email, null);
  });

  it('reports every problem with its path', () => {
    const r = validate(contact, { name: '', age: 1.5, tags: ['a', 'c', 'b'], extra: 1, when: 'soon' });
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.issues, [
      { path: 'name', message: 'must not be empty' },
      { path: 'age', message: 'must be an integer' },
      { path: 'tags', message: 'must have at most 2 items' },
      { path: 'when', message: 'must be an ISO 8601 date or date-time' },
      { path: 'extra', message: 'is not a known field' },
    ]);
    const refined = validate(contact, { name: 'root' });
    assert.deepEqual(!refined.ok && refined.issues, [{ path: 'name', message: 'is reserved' }]);
    const nested = validate(s.array(s.object({ n: s.integer({ max: 5 }) })), [{ n: 1 }, { n: 9 }]);
    assert.deepEqual(!nested.ok && nested.issues, [{ path: '1.n', message: 'must be 5 or less' }]);
  });

  it('coerces query-string numbers and booleans only when asked', () => {
    const q = s.object({ limit: s.integer({ min: 1 }), all: s.boolean() });
    assert.deepEqual(validate(q, { limit: '10', all: 'true' }, { coerce: true }), { ok: true, value: { limit: 10, all: true } });
    assert.equal(validate(q, { limit: '10', all: 'true' }).ok, false);
    assert.equal(validate(q, { limit: ['1', '2'], all: 'true' }, { coerce: true }).ok, false);
  });

  it('makes every field optional for a PATCH', () => {
    const patch = contact.jsonSchema();
    assert.deepEqual(patch.required, ['name']);
    const partial = s.object({ name: s.string(), age: s.integer() }).partial();
    assert.deepEqual(validate(partial, {}), { ok: true, value: {} });
    assert.equal(partial.jsonSchema().required, undefined);
  });

  it('emits JSON Schema from the same definition', () => {
    assert.deepEqual(s.object({ n: s.integer({ min: 1 }).describe('count'), e: s.enum(['x'] as const).nullable() }).jsonSchema(), {
      type: 'object',
      properties: { n: { type: 'integer', minimum: 1, description: 'count' }, e: { anyOf: [{ type: 'string', enum: ['x'] }, { type: 'null' }] } },
      required: ['n', 'e'],
      additionalProperties: false,
    });
  });
});
