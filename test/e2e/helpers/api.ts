// The center's REST API as the end-to-end tests use it: sign in, then GET (or POST a body)
// with the token, asserting a 200 so a failing call names its path and answer.
import assert from 'node:assert/strict';
import type { Center } from './center.js';

export async function login(c: Center, username: string, password: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${c.httpPort}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  assert.equal(res.status, 200, `login ${username}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

export async function apiCall<T>(c: Center, token: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${c.httpPort}/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.equal(res.status, 200, `${path}: ${res.status} ${await res.clone().text()}`);
  return await res.json() as T;
}

/** Any method; the status and the parsed body come back for the test to judge (refusals too). */
export async function apiRequest<T = Record<string, unknown>>(c: Center, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${c.httpPort}/api${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
}
