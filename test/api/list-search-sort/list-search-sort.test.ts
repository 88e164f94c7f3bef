// test-file-timeout: 2 min
// Issue 14, lists on the server: `q` finds rows whose name-like fields contain it in any case
// (its % and _ taken literally), `sort` orders by a declared field (- for descending, nulls last
// going up and first going down, ties by id), and keyset pages walk either order without a
// gap or a repeat, with the search too. An unknown sort field is a 400 naming it — a column the
// API never shows (a password hash) as well; the OpenAPI document lists the sortable values, and
// every provisioning list takes q and sort.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachApi, type ApiBody, type ApiHarness } from '../api-harness.js';

const names = (items: ApiBody[] | undefined) => (items ?? []).map((q) => String(q.name));

/** Every row of a list, page by page (`limit` a page). */
async function walk(h: ApiHarness, path: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await h.request('GET', `${path}${sep}limit=${limit}${after ? `&after=${after}` : ''}`);
    assert.equal(page.status, 200, page.text);
    assert.ok((page.body.items ?? []).length <= limit);
    seen.push(...names(page.body.items));
    after = page.body.next;
    if (!after) return seen;
  }
  return assert.fail('the pages never ended');
}

describeEachApi('lists: search, sort and pages on the server', (get) => {
  it('searches, sorts (nulls and ties) and pages either way', { timeout: 60_000 }, async () => {
    const h = get();
    // max_wait_seconds: two alike (ties go by id), two null.
    const queues: [string, number | null][] = [['delta', 300], ['alpha-sales', 120], ['zeta', null], ['gamma 100%', 300], ['epsilon-sales', 60], ['beta_support', null], ['eta', 900]];
    const ids = new Map<string, string>();
    for (const [name, wait] of queues) {
      const made = await h.request('POST', '/queues', { body: { name, strategy: 'ring-all', max_wait_seconds: wait } });
      assert.equal(made.status, 201, made.text);
      ids.set(name, String(made.body.id));
    }
    const byId = (a: string, b: string) => ((ids.get(a) ?? '') < (ids.get(b) ?? '') ? -1 : 1);

    assert.deepEqual(names((await h.request('GET', '/queues?q=SALES&sort=name')).body.items), ['alpha-sales', 'epsilon-sales'], 'any case');
    assert.deepEqual(names((await h.request('GET', '/queues?q=%25')).body.items), ['gamma 100%'], '% is literal');
    assert.deepEqual(names((await h.request('GET', '/queues?q=_')).body.items), ['beta_support'], '_ is literal');
    assert.deepEqual(names((await h.request('GET', '/queues?q=nothing-like-it')).body.items), []);

    const alphabetical = queues.map(([n]) => n).sort();
    assert.deepEqual(names((await h.request('GET', '/queues?sort=name')).body.items), alphabetical);
    assert.deepEqual(names((await h.request('GET', '/queues?sort=-name')).body.items), [...alphabetical].reverse());
    assert.deepEqual(await walk(h, '/queues?sort=name', 2), alphabetical, 'pages of 2 by name');
    assert.deepEqual(await walk(h, '/queues?sort=-name', 3), [...alphabetical].reverse(), 'pages of 3 by name, descending');
    assert.deepEqual(await walk(h, '/queues', 2), queues.map(([n]) => n), 'by creation, as before');

    const byWait = [...queues].sort(([a, x], [b, y]) => (x === y ? byId(a, b) : x === null ? 1 : y === null ? -1 : x - y)).map(([n]) => n);
    assert.deepEqual(names((await h.request('GET', '/queues?sort=max_wait_seconds')).body.items), byWait, 'up: nulls last, ties by id');
    for (const limit of [1, 2, 3]) {
      assert.deepEqual(await walk(h, '/queues?sort=max_wait_seconds', limit), byWait, `pages of ${limit} up`);
      assert.deepEqual(await walk(h, '/queues?sort=-max_wait_seconds', limit), [...byWait].reverse(), `pages of ${limit} down: nulls first`);
    }
    assert.deepEqual(await walk(h, '/queues?q=-sales&sort=-name', 1), ['epsilon-sales', 'alpha-sales'], 'search, sort and pages together');
    assert.deepEqual(await walk(h, '/queues?q=e&sort=-max_wait_seconds', 2), [...byWait].reverse().filter((n) => n.includes('e')));
  });

  it('refuses an unknown sort field naming it; the document lists the sortable ones; every list takes q and sort', { timeout: 60_000 }, async () => {
    const h = get();
    const unknown = await h.request('GET', '/queues?sort=colour');
    assert.equal(unknown.status, 400, unknown.text);
    assert.equal(unknown.body.details?.[0]?.path, 'query.sort');
    assert.match(unknown.body.details?.[0]?.message ?? '', /^unknown field "colour"; sortable: created_at, name, strategy/);
    const hidden = await h.request('GET', '/users?sort=-password_hash');
    assert.equal(hidden.status, 400, 'a column the API never shows does not sort');
    assert.match(hidden.body.details?.[0]?.message ?? '', /unknown field "password_hash"/);
    const json = await h.request('GET', '/numbers?sort=destination');
    assert.equal(json.status, 400, 'a JSON field does not sort');
    for (const bad of ['q=', `q=${'x'.repeat(101)}`, 'sort=', 'sort=--name']) {
      const refused = await h.request('GET', `/queues?${bad}`);
      assert.equal(refused.status, 400, `${bad}: ${refused.text}`);
      assert.ok(refused.body.details?.some((d) => d.path === `query.${bad.split('=')[0] ?? ''}`), refused.text);
    }

    const doc = await h.request('GET', '/openapi.json');
    const params = (doc.body.paths as Record<string, { get?: { parameters?: { name: string; schema: { enum?: string[] } }[] } }>)['/api/queues']?.get?.parameters ?? [];
    const sortValues = params.find((p) => p.name === 'sort')?.schema.enum ?? [];
    assert.ok(sortValues.includes('name') && sortValues.includes('-ring_timeout_seconds'), sortValues.join());
    assert.ok(!sortValues.includes('overflow_destination'));
    assert.ok(params.some((p) => p.name === 'q'));

    for (const path of ['/trunks', '/numbers', '/queues', '/agents', '/users', '/schedules', '/prompts', '/ivr-flows', '/contacts', '/outbound-routes']) {
      for (const sort of ['-updated_at', 'created_at']) {
        const listed = await h.request('GET', `${path}?q=a&sort=${sort}&limit=5`);
        assert.equal(listed.status, 200, `${path}: ${listed.text}`);
      }
    }
    const users = await h.request('GET', '/users?q=ADM&sort=-username');
    assert.deepEqual((users.body.items ?? []).map((u) => u.username), ['admin']);
  });
});
