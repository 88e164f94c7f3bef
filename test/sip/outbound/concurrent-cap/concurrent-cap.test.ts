// Issue 12: agent1's cap of 2 concurrent outbound calls. Two calls are held up at the
// carrier; the 3rd gets 403 (cap) and reaches no trunk; once they end, a call goes again.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertSippOk } from '../../helpers/sipp.js';
import { eventually } from '../../../e2e/helpers/center.js';
import { outboundRig } from '../outbound-center.js';

describe('per-agent cap on concurrent outbound calls', { timeout: 120_000 }, () => {
  test('cap 2: the third concurrent call is refused with 403', async (t) => {
    const rig = await outboundRig(t, ['answer']);
    const agentId = await rig.agentId('agent1');
    assert.equal((await rig.api('PATCH', `/agents/${agentId}`, { outbound_max_concurrent: 2 })).status, 200);
    const carrier = rig.carriers[0];
    assert.ok(carrier);
    const held = [rig.dial('4155550101', 'answered', 6000), rig.dial('4155550102', 'answered', 6000)];
    await eventually(async () => (carrier.messages().match(/^ACK /gm)?.length === 2 ? true : undefined), 15_000, 'two calls up at the carrier');
    assertSippOk(await rig.dial('4155550103', 'refused'), 'desk phone, third call');
    assert.equal(carrier.invites().length, 2, 'the third call reached no trunk');
    for (const r of await Promise.all(held)) assertSippOk(r, 'desk phone, held call');
    const refusal = rig.c.logs.find((l) => l.security === 'outbound');
    assert.match(String(refusal?.reason), /cap of 2 concurrent outbound calls/);
    await eventually(async () => (carrier.messages().match(/^BYE /gm)?.length === 2 ? true : undefined), 10_000, 'both calls ended');
    assertSippOk(await rig.dial('4155550104', 'answered'), 'desk phone, a call after the others ended');
  });
});
