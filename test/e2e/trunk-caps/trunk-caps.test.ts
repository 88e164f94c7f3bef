// Issue 10, per-trunk caps on the real call path: an admin sets the demo trunk's max_cps
// through the API (no restart), sipp as the carrier floods INVITEs above it, and the excess
// gets 503 with Retry-After while the admitted calls reach the IVR; only admitted calls get a
// call record. The trunk's address is trusted by the engine, so the flood ban stays out of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startCenter } from '../helpers/center.js';
import { assertSippOk, scenario, startSipp } from '../../sip/helpers/sipp.js';

test('a trunk INVITE flood above max_cps: 503 + Retry-After for the excess, records only for admitted calls', { timeout: 90_000 }, async (t) => {
  const c = await startCenter(t);
  const base = `http://127.0.0.1:${c.httpPort}/api`;
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-secret-pw' }) });
  const { token } = await login.json() as { token: string };
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const trunks = await (await fetch(`${base}/trunks`, { headers: auth })).json() as { items: { id: string; name: string }[] };
  const trunk = trunks.items.find((x) => x.name === 'loopback-test-trunk');
  assert.ok(trunk, 'the demo trunk');
  const patched = await fetch(`${base}/trunks/${trunk.id}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ max_cps: 5 }) });
  assert.equal(patched.status, 200, await patched.clone().text());

  const started = Date.now();
  const sipp = await startSipp({ scenario: scenario('trunk-limits', 'uac-trunk-call.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: '15550100', calls: 60, limit: 60, rate: 30, extra: ['-d', '0'], timeoutSec: 40 });
  const result = await sipp.done;
  const seconds = (Date.now() - started) / 1000;
  assertSippOk(result, 'every INVITE answered 200 (then BYE) or 503 with Retry-After');
  const records = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM calls WHERE trunk_id = ${trunk.id}`.execute(c.sb.database.db)).rows[0]?.n ?? -1;
  const refused = 60 - records;
  t.diagnostic(`60 INVITEs at 30/s in ${seconds.toFixed(1)} s: ${records} admitted (records), ${refused} refused with 503`);
  assert.ok(records >= 5, 'a burst of max_cps is admitted');
  assert.ok(records <= 5 + Math.ceil(5 * seconds) + 1, `no more than max_cps a second: ${records} in ${seconds.toFixed(1)} s`);
  assert.ok(refused >= 20, `the excess is refused: ${refused}`);
  const banned = await c.sb.engine?.discardList();
  assert.deepEqual(banned, [], 'the carrier was not flood-banned');
});
