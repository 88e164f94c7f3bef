// Issue 12: the route's first trunk answers 503 (a sipp carrier out of service); the call
// fails over to the second trunk, which answers, and the record keeps both trunk legs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertSippOk } from '../../helpers/sipp.js';
import { eventually } from '../../../e2e/helpers/center.js';
import { outboundRig } from '../outbound-center.js';

describe('failover to the next trunk on 503', { timeout: 120_000 }, () => {
  test('first trunk 503, second trunk answers: the call connects through the second', async (t) => {
    const rig = await outboundRig(t, ['503', 'answer']);
    assertSippOk(await rig.dial('+14155550199', 'answered'), 'desk phone');
    const [first, second] = rig.carriers;
    assert.ok(first && second);
    assert.equal(first.invites().length, 1, 'the first trunk was tried once');
    assert.equal(second.invites().length, 1, 'the second trunk took the call');
    const call = await eventually(async () => {
      const items = ((await rig.api('GET', '/calls?direction=outbound')).body.items ?? []) as Record<string, unknown>[];
      return items.find((x) => x.status === 'completed');
    }, 10_000, 'the outbound call record');
    const legs = (await rig.api('GET', `/calls/${String(call.id)}`)).body.legs as { role: string; hangup_cause: string | null; answered_at: string | null }[];
    const trunkLegs = legs.filter((l) => l.role === 'outbound');
    assert.equal(trunkLegs.length, 2);
    assert.ok(trunkLegs.some((l) => l.answered_at === null && /^503/.test(l.hangup_cause ?? '')), 'the failed attempt is a leg with its 503');
    assert.ok(trunkLegs.some((l) => l.answered_at !== null), 'the answered attempt');
  });
});
