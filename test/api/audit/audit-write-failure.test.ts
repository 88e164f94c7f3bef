// test-file-timeout: 1 min
// When an audit entry cannot be written, the change it records has already happened: the
// request still answers its success, and the failure is logged at error with the route, the
// actor and the resource (and without the entry's before/after).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { AuditLog } from '../../../server/api/http/audit-log.js';
import { createLogger } from '../../../server/api/logger.js';
import { describeEachApi } from '../api-harness.js';

it('a failed write is logged at error and does not throw', { timeout: 10_000 }, async () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info' }, new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString()); done(); } }));
  const log = new AuditLog({ append: () => Promise.reject(new Error('database gone')) }, logger);
  await log.record({
    actor: { id: '7d6f5a9e-1111-4222-8333-444455556666', username: 'alice', role: 'admin' },
    action: 'update', resource: 'trunk', resourceId: 't-1', route: 'PATCH /api/trunks/:id', before: { name: 'Before-Name' }, after: { name: 'After-Name' },
  });
  assert.equal(lines.length, 1);
  const line = JSON.parse(lines[0]!) as { level: number; msg: string; audit: Record<string, unknown>; err: { message: string } };
  assert.equal(line.level, 50);
  assert.equal(line.msg, 'audit entry not written');
  assert.deepEqual(line.audit, { route: 'PATCH /api/trunks/:id', actor: 'alice', action: 'update', resource: 'trunk', resourceId: 't-1' });
  assert.equal(line.err.message, 'database gone');
  assert.ok(!lines[0]!.includes('After-Name'));
});

describeEachApi('audit log: write failure', (get) => {
  it('the change stands and the request answers it', { timeout: 30_000 }, async () => {
    const h = get();
    const trunk = await h.request('POST', '/trunks', { body: { name: 'audit-fail', auth_type: 'ip', allowed_cidrs: ['192.0.2.30'] } });
    assert.equal(trunk.status, 201);
    await sql`ALTER TABLE audit_log RENAME TO audit_log_away`.execute(h.database.db);
    try {
      const patched = await h.request('PATCH', `/trunks/${String(trunk.body.id)}`, { body: { max_cps: 7 } });
      assert.equal(patched.status, 200, patched.text);
    } finally {
      await sql`ALTER TABLE audit_log_away RENAME TO audit_log`.execute(h.database.db);
    }
    assert.equal((await h.request('GET', `/trunks/${String(trunk.body.id)}`)).body.max_cps, 7);
  });
});
