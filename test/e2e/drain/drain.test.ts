// Issue 18, drain: a node asked to stop for an upgrade takes no new call (503 with
// Retry-After, so a carrier or Kamailio tries another node) and is not ready (/api/ready 503,
// /api/health still 200), while the call already up goes on until its caller hangs up; the
// drain ends then, not at its time limit, and no call record is left open or ended by us.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { eventually, startCenter } from '../helpers/center.js';
import { assertSippOk, scenario, startSipp } from '../../sip/helpers/sipp.js';

test('drain: new calls 503, the established call finishes, then the drain ends', { timeout: 90_000 }, async (t) => {
  const c = await startCenter(t);
  const base = `http://127.0.0.1:${c.httpPort}/api`;
  const db = c.sb.database.db;
  const records = async () => (await sql<{ id: string; ended_at: Date | null; hangup_side: string | null; hangup_cause: string | null }>`SELECT id, ended_at, hangup_side, hangup_cause FROM calls ORDER BY started_at`.execute(db)).rows;
  assert.equal((await fetch(`${base}/ready`)).status, 200, 'ready before the drain');

  // The established call: a trunk call held 5 s in the IVR, then the caller hangs up.
  const first = await startSipp({ scenario: scenario('trunk-limits', 'uac-trunk-call.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: '15550100', calls: 1, limit: 1, rate: 1, extra: ['-d', '5000'], timeoutSec: 30 });
  await eventually(async () => ((await records()).length === 1 ? true : undefined), 10_000, 'the first call answered');

  const started = Date.now();
  const drained = c.sb.drain(60_000);
  const ready = await fetch(`${base}/ready`);
  assert.equal(ready.status, 503, 'not ready while draining');
  assert.equal(((await ready.json()) as { status: string }).status, 'draining');
  assert.equal((await fetch(`${base}/health`)).status, 200, 'alive while draining');

  // A new call during the drain: refused (the scenario accepts 503 with a Retry-After) and never recorded.
  const second = await startSipp({ scenario: scenario('trunk-limits', 'uac-trunk-call.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: '15550100', calls: 1, limit: 1, rate: 1, extra: ['-d', '0'], timeoutSec: 20 });
  assertSippOk(await second.done, 'the new call gets 503 with Retry-After');
  assert.ok(c.logs.some((l) => l.msg === 'draining: new calls are refused; waiting for the calls in progress to end'), 'the drain is logged');

  assertSippOk(await first.done, 'the established call ran to its own BYE');
  const left = await drained;
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(`drain ended ${seconds.toFixed(1)} s after it began, ${left} calls left`);
  assert.equal(left, 0, 'no call left when the drain ended');
  assert.ok(seconds < 30, 'the drain ended with the last call, not at its time limit');
  const rows = await records();
  assert.equal(rows.length, 1, 'the refused call has no record');
  assert.ok(rows[0]?.ended_at, 'the established call record is closed');
  assert.equal(rows[0]?.hangup_side, 'caller', `hung up by its caller, not by the drain: ${rows[0]?.hangup_cause}`);
});
