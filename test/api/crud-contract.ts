// What every provisioning resource must do, asserted the same way for each: create, read,
// update, list (paged), delete; field-level 400s; 404 for an unknown id; 400 for a
// malformed id; 401 without a token; 403 for a role that may not write.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiBody, ApiHarness } from './api-harness.js';

export interface CrudCase {
  /** '/trunks' */
  path: string;
  /** A valid creation body; called again with 1, 2 for more rows (names must differ). */
  create: (n: number) => Record<string, unknown>;
  /** A valid change, and what it must read back as. */
  patch: Record<string, unknown>;
  /** Bodies that must be refused, with the field each must name. */
  invalid: { body: Record<string, unknown>; field: string; message?: RegExp }[];
  /** Fields that must never appear in a reply (secrets). */
  hidden?: string[];
  /** A role that may not create (or, with deniedAction 'delete', may not delete). */
  deniedRole: 'agent' | 'supervisor';
  deniedAction?: 'create' | 'delete';
}

function assertSubset(actual: ApiBody, expected: Record<string, unknown>, hidden: string[]): void {
  for (const [key, value] of Object.entries(expected)) {
    if (!hidden.includes(key)) assert.deepEqual(actual[key], value, `field ${key}`);
  }
  for (const key of hidden) assert.equal(key in actual, false, `${key} is never returned`);
}

export function crudContract(get: () => ApiHarness, c: CrudCase): void {
  const hidden = c.hidden ?? [];

  it(`${c.path}: create, read, update, list, delete`, async () => {
    const { request } = get();
    const body = c.create(0);
    const created = await request('POST', c.path, { body });
    assert.equal(created.status, 201, created.text);
    assertSubset(created.body, body, hidden);
    const id = created.body.id!;
    const read = await request('GET', `${c.path}/${id}`);
    assert.equal(read.status, 200);
    assertSubset(read.body, body, hidden);

    const patched = await request('PATCH', `${c.path}/${id}`, { body: c.patch });
    assert.equal(patched.status, 200, patched.text);
    assertSubset(patched.body, c.patch, hidden);
    assertSubset((await request('GET', `${c.path}/${id}`)).body, c.patch, hidden);

    const second = await request('POST', c.path, { body: c.create(1) });
    assert.equal(second.status, 201, second.text);
    // Walk the whole list one row per page: each row once, both new rows among them.
    const seen: string[] = [];
    for (let after = ''; ;) {
      const page = await request('GET', `${c.path}?limit=1${after ? `&after=${after}` : ''}`);
      assert.equal(page.status, 200);
      assert.ok((page.body.items?.length ?? 0) <= 1);
      for (const item of page.body.items ?? []) { assertSubset(item, {}, hidden); seen.push(item.id!); }
      if (!page.body.next) break;
      after = page.body.next;
    }
    assert.equal(new Set(seen).size, seen.length);
    assert.ok(seen.includes(id) && seen.includes(second.body.id!));

    assert.equal((await request('DELETE', `${c.path}/${id}`)).status, 204);
    assert.equal((await request('GET', `${c.path}/${id}`)).status, 404);
    assert.equal((await request('DELETE', `${c.path}/${second.body.id}`)).status, 204);
  });

  it(`${c.path}: refuses invalid input with a message per field`, async () => {
    const { request } = get();
    for (const bad of c.invalid) {
      const reply = await request('POST', c.path, { body: bad.body });
      assert.equal(reply.status, 400, `${JSON.stringify(bad.body)} → ${reply.text}`);
      assert.equal(typeof reply.body.error, 'string');
      const detail = reply.body.details?.find((d) => d.path === `body.${bad.field}`);
      assert.ok(detail, `a detail names body.${bad.field}: ${reply.text}`);
      if (bad.message) assert.match(detail.message, bad.message);
    }
    const unknownField = await request('POST', c.path, { body: { ...c.create(2), surprise: 1 } });
    assert.deepEqual(unknownField.body.details, [{ path: 'body.surprise', message: 'is not a known field' }]);
    const notObject = await request('POST', c.path, { body: [1, 2] });
    assert.deepEqual(notObject.body.details, [{ path: 'body', message: 'must be an object' }]);
  });

  it(`${c.path}: 404 for an unknown id, 400 for a malformed one`, async () => {
    const { request } = get();
    const unknown = '7d6f5a9e-1111-4222-8333-444455556666';
    for (const [method, body] of [['GET', undefined], ['PATCH', {}], ['DELETE', undefined]] as const) {
      const reply = await request(method, `${c.path}/${unknown}`, body ? { body } : {});
      assert.equal(reply.status, 404, `${method} ${reply.text}`);
      assert.match(reply.body.error ?? '', /not found/);
    }
    const malformed = await request('GET', `${c.path}/not-a-uuid`);
    assert.equal(malformed.status, 400);
    assert.deepEqual(malformed.body.details, [{ path: 'params.id', message: 'must be a UUID' }]);
  });

  it(`${c.path}: 401 without a token, 403 when the ${c.deniedRole} role tries to ${c.deniedAction ?? 'create'}`, async () => {
    const { request, userWithRole } = get();
    const anonymous = await request('POST', c.path, { token: null, body: c.create(3) });
    assert.equal(anonymous.status, 401);
    const bogus = await request('GET', c.path, { token: 'sb_not-a-real-token' });
    assert.equal(bogus.status, 401);
    const { token } = await userWithRole(c.deniedRole, `denied-${c.path.slice(1)}`);
    if (c.deniedAction === 'delete') {
      const created = await request('POST', c.path, { body: c.create(4) });
      assert.equal((await request('DELETE', `${c.path}/${created.body.id}`, { token })).status, 403);
      assert.equal((await request('GET', `${c.path}/${created.body.id}`)).status, 200);
      return;
    }
    const denied = await request('POST', c.path, { token, body: c.create(3) });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error, 'your role may not do this');
  });
}
