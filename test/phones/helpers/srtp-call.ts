// Shared steps of the SRTP desk-phone tests (test/phones/srtp-*): tones for the phones'
// microphones, PATCHing an agent's or trunk's media_encryption through the API, the tail of
// a recording, and the SDP a phone sent or received as its SIP trace shows it (baresip -s).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { Center } from '../../e2e/helpers/center.js';
import { login } from '../../e2e/helpers/api.js';

export function workDir(t: TestContext, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `sb-${name}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function tone(dir: string, name: string, hz: number): string {
  const file = join(dir, `${name}.wav`);
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', file, 'synth', '5', 'sine', String(hz), 'vol', '0.5']);
  return file;
}

/** An admin request; asserts the status and returns the JSON body. */
export async function adminRequest<T>(c: Center, method: 'GET' | 'PATCH' | 'POST', path: string, body?: unknown, status = 200): Promise<T> {
  const token = await login(c, 'admin', 'admin-secret-pw');
  const res = await fetch(`http://127.0.0.1:${c.httpPort}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  assert.equal(res.status, status, `${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

export async function setAgentEncryption(c: Center, username: string, value: 'none' | 'optional' | 'required'): Promise<string> {
  const page = await adminRequest<{ items: { id: string; sip_username: string }[] }>(c, 'GET', '/agents');
  const agent = page.items.find((a) => a.sip_username === username);
  assert.ok(agent, `agent ${username}`);
  const patched = await adminRequest<{ media_encryption: string }>(c, 'PATCH', `/agents/${agent.id}`, { media_encryption: value });
  assert.equal(patched.media_encryption, value);
  return agent.id;
}

/** The last `seconds` of a recording, less its final 0.2 s (hang-up edge). */
export function tail(samples: Int16Array, seconds = 2, rate = 8000): Int16Array {
  return samples.subarray(Math.max(0, samples.length - rate * seconds), Math.max(0, samples.length - rate / 5));
}

/** The m=audio lines in a client's SIP trace (each SDP it sent or got). */
export function audioLines(log: string): string[] {
  return [...log.matchAll(/m=audio \d+ (\S+) [^\r\n]*/g)].map((m) => m[0]);
}
