// Issue 12: a trunk's max_channels holds for outbound calls (the same admission as inbound):
// with the first trunk at max_channels 1 and a call up on it, the next call goes to the
// route's second trunk; once both end, the first trunk takes calls again.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertSippOk } from '../../helpers/sipp.js';
import { eventually } from '../../../e2e/helpers/center.js';
import { outboundRig } from '../outbound-center.js';

describe('max_channels on outbound calls', { timeout: 120_000 }, () => {
  test('the first trunk full: the second call leaves through the second trunk', async (t) => {
    const rig = await outboundRig(t, ['answer', 'answer']);
    const [first, second] = rig.carriers;
    assert.ok(first && second);
    assert.equal((await rig.api('PATCH', `/trunks/${first.trunkId}`, { max_channels: 1 })).status, 200);
    const held = rig.dial('4155550111', 'answered', 5000);
    await eventually(async () => (first.messages().includes('ACK ') ? true : undefined), 15_000, 'the first call up on the first trunk');
    assertSippOk(await rig.dial('4155550112', 'answered'), 'desk phone, second call');
    assert.equal(first.invites().length, 1, 'the full trunk got no second INVITE');
    assert.equal(second.invites().length, 1, 'the second call went to the next trunk');
    assertSippOk(await held, 'desk phone, first call');
    await eventually(async () => (first.messages().includes('BYE ') ? true : undefined), 10_000, 'the first call ended');
    assertSippOk(await rig.dial('4155550113', 'answered'), 'desk phone, third call');
    assert.equal(first.invites().length, 2, 'the freed channel takes the next call');
  });
});
