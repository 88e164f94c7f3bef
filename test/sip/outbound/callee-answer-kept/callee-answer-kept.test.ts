// Issue 12: a 4xx from the carrier is the callee's answer, not the trunk's failure: the 404
// goes back to the desk phone and the route's second trunk is not tried (no double dialing).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertSippOk } from '../../helpers/sipp.js';
import { eventually } from '../../../e2e/helpers/center.js';
import { outboundRig } from '../outbound-center.js';

describe('no failover on the callee\'s answer', { timeout: 120_000 }, () => {
  test('404 from the first trunk reaches the phone; the second trunk gets nothing', async (t) => {
    const rig = await outboundRig(t, ['404', 'answer']);
    assertSippOk(await rig.dial('4155550177', 'not-found'), 'desk phone');
    const [first, second] = rig.carriers;
    assert.ok(first && second);
    assert.equal(first.invites().length, 1);
    assert.equal(second.invites().length, 0, 'no failover on 404');
    const call = await eventually(async () => {
      const items = ((await rig.api('GET', '/calls?direction=outbound')).body.items ?? []) as Record<string, unknown>[];
      return items.find((x) => x.status === 'completed');
    }, 10_000, 'the outbound call record');
    assert.equal(call.disposition, 'failed');
    assert.match(String(call.hangup_cause), /^404/);
  });
});
