// The admin API as the trunk-registration tests use it: sign in, create a registration trunk,
// read its live registration and health.
import assert from 'node:assert/strict';

export interface TrunkView {
  id: string;
  registration: { state: string; last_status: number | null; last_reason: string | null; expires_at: string | null; next_attempt_at: string | null; failures: number; requested_expires: number; contact_user: string; changed_at: string } | null;
  health: { status: 'up' | 'down'; target: string; last_reason: string; changed_at: string; checked_at: string } | null;
}

export interface TrunkApi {
  create(body: Record<string, unknown>): Promise<TrunkView>;
  get(id: string): Promise<TrunkView>;
  list(): Promise<TrunkView[]>;
  patch(id: string, body: Record<string, unknown>): Promise<void>;
  remove(id: string): Promise<void>;
}

export async function trunkApi(httpPort: number): Promise<TrunkApi> {
  const base = `http://127.0.0.1:${httpPort}/api`;
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-secret-pw' }) });
  const { token } = await login.json() as { token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown, expect = 200): Promise<unknown> => {
    const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    assert.equal(res.status, expect, `${method} ${path}: ${text}`);
    return text ? JSON.parse(text) as unknown : undefined;
  };
  return {
    create: async (body) => await call('POST', '/trunks', body, 201) as TrunkView,
    get: async (id) => await call('GET', `/trunks/${id}`) as TrunkView,
    list: async () => (await call('GET', '/trunks') as { items: TrunkView[] }).items,
    patch: async (id, body) => { await call('PATCH', `/trunks/${id}`, body); },
    remove: async (id) => { await call('DELETE', `/trunks/${id}`, undefined, 204); },
  };
}
