// The per-trunk admission hook (channel limits, server/sip/calls/call-deps.ts CallAdmission):
// a call the trunk may not take gets 503 with Retry-After before anything is set up for it;
// an admitted call releases its channel exactly once when it ends, however it ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter, eventually } from '../../../e2e/helpers/center.js';
import { NodePhone } from '../../../e2e/helpers/node-phone.js';
import { DEMO_NUMBER } from '../helpers/call-rig.js';

test('a refused call gets 503 + Retry-After; an admitted call releases its channel once', { timeout: 60_000 }, async (t) => {
  const admitted: string[] = [];
  let released = 0;
  let open = false;
  const c = await startCenter(t, {
    admission: {
      admit(trunk) {
        if (!open) return { ok: false, retryAfterSec: 7, reason: 'trunk channels in use' };
        admitted.push(trunk.id);
        return { ok: true, release: () => { released += 1; } };
      },
    },
  });
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550002020');
  t.after(() => caller.close());
  // Taken by this waiter first; call() gets the retransmission (a final response repeats until ACKed).
  const retryAfter = caller.next((m) => m.startsWith('SIP/2.0 503'), 10_000);
  await assert.rejects(caller.call(DEMO_NUMBER), (err: { status?: number }) => err.status === 503);
  assert.match(await retryAfter, /^Retry-After:\s*7\s*$/im);
  assert.equal((await c.sb.database.db.selectFrom('calls').select('id').execute()).length, 0, 'nothing was set up for the refused call');

  open = true;
  const call = await caller.call(DEMO_NUMBER);
  assert.equal(admitted.length, 1);
  assert.equal(released, 0, 'held while the call is up');
  await call.hangup();
  await eventually(async () => (released === 1 ? true : undefined), 5000, 'the channel released');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(released, 1, 'released once');
});
