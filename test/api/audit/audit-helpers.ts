// Reading the audit log in tests: every entry after a mark, oldest first, walking GET /api/audit's pages.
import assert from 'node:assert/strict';
import type { ApiBody, ApiHarness } from '../api-harness.js';

export interface Entry extends ApiBody {
  id: string;
  at: string;
  actor: { id: string; username: string; role: string } | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  route: string | null;
  address: string | null;
  changed: string[] | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Every entry matching `filter` (a query string), newest first, page by page. */
export async function auditEntries(h: ApiHarness, filter = '', pageSize = 100): Promise<Entry[]> {
  const entries: Entry[] = [];
  let after: string | null = null;
  do {
    const query: string = [filter, `limit=${pageSize}`, after ? `after=${after}` : ''].filter(Boolean).join('&');
    const page = await h.request('GET', `/audit?${query}`);
    assert.equal(page.status, 200, page.text);
    entries.push(...(page.body.items as Entry[]));
    after = page.body.next ?? null;
  } while (after);
  return entries;
}

/** The newest entry's id now: entries after it are this test's. */
export async function auditMark(h: ApiHarness): Promise<number> {
  const page = await h.request('GET', '/audit?limit=1');
  const newest = page.body.items?.[0];
  return newest ? Number(newest.id) : 0;
}

/** This test's entries (after `mark`), oldest first. */
export async function entriesAfter(h: ApiHarness, mark: number, filter = ''): Promise<Entry[]> {
  return (await auditEntries(h, filter)).filter((e) => Number(e.id) > mark).reverse();
}
