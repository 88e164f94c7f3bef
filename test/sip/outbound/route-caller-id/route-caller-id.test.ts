// Issue 12: a desk phone (sipp, agent1's digest credentials) dials a national number without
// its country code; the INVITE leaves through the route's first trunk (a sipp carrier) as
// E.164 with the trunk's caller id (one of the center's numbers) as From and P-Asserted-
// Identity, and the call is written to `calls` as outbound with the agent and both legs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertSippOk } from '../../helpers/sipp.js';
import { eventually } from '../../../e2e/helpers/center.js';
import { CALLER_ID, inviteHeader, outboundRig } from '../outbound-center.js';

describe('outbound call through the route, E.164 and the configured caller id', { timeout: 120_000 }, () => {
  test('4155550123 from a desk phone leaves as +14155550123 from +15550100 on the first trunk', async (t) => {
    const rig = await outboundRig(t, ['answer', 'answer']);
    const agentId = await rig.agentId('agent1');
    assertSippOk(await rig.dial('4155550123', 'answered'), 'desk phone');
    const [first, second] = rig.carriers;
    assert.ok(first && second);
    const messages = await eventually(async () => (first.messages().includes('BYE ') ? first.messages() : undefined), 10_000, 'the carrier to see the BYE');
    assert.deepEqual(first.invites().map((l) => l.replace(/@.*/, '')), ['INVITE sip:+14155550123']);
    assert.match(inviteHeader(messages, 'From') ?? '', new RegExp(`<sip:\\${CALLER_ID}@`));
    assert.match(inviteHeader(messages, 'P-Asserted-Identity') ?? '', new RegExp(`<sip:\\${CALLER_ID}@`));
    assert.equal(second.invites().length, 0, 'the second trunk is not tried when the first answers');
    const call = await eventually(async () => {
      const res = await rig.api('GET', '/calls?direction=outbound');
      const items = (res.body.items ?? []) as Record<string, unknown>[];
      return items.find((x) => x.status === 'completed');
    }, 10_000, 'the outbound call record');
    assert.equal(call.direction, 'outbound');
    assert.equal(call.agent_id, agentId);
    assert.equal(call.to_number, '+14155550123');
    assert.equal(call.disposition, 'answered');
    const legs = (await rig.api('GET', `/calls/${String(call.id)}`)).body.legs as { role: string; answered_at: string | null }[] | undefined;
    assert.deepEqual(legs?.map((l) => [l.role, l.answered_at !== null]).sort(), [['agent', true], ['outbound', true]]);
  });
});
