// Issue 12's toll-fraud guard through the whole center: agent1 may call national numbers
// only (the default); an international number gets 403 with the reason, a `security` log
// line, and no carrier receives anything. A high-risk prefix is refused the same way.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertSippOk } from '../../helpers/sipp.js';
import { outboundRig } from '../outbound-center.js';

describe('destination classes: international refused for a national-only agent', { timeout: 120_000 }, () => {
  test('011 44… and +881… get 403 and reach no trunk', async (t) => {
    const rig = await outboundRig(t, ['answer']);
    const agentId = await rig.agentId('agent1');
    const agent = await rig.api('PATCH', `/agents/${agentId}`, { outbound_classes: ['national'] });
    assert.equal(agent.status, 200, JSON.stringify(agent.body));
    assertSippOk(await rig.dial('011442079460000', 'refused'), 'desk phone (international)');
    assertSippOk(await rig.dial('+8816000000', 'refused'), 'desk phone (high-risk)');
    const refusals = rig.c.logs.filter((l) => l.security === 'outbound');
    assert.deepEqual(refusals.map((l) => [l.to, l.class]), [['+442079460000', 'international'], ['+8816000000', 'international']]);
    assert.match(String(refusals[0]?.reason), /international calls are not allowed/);
    assert.match(String(refusals[1]?.reason), /\+881 is on the high-risk deny list/);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(rig.carriers[0]?.messages(), '', 'the carrier received nothing');
  });
});
