// Issue 12, no open relay: an INVITE to an outside number without credentials is challenged
// (407) and never reaches a trunk, even with a route and a trunk in place.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertSippOk } from '../../helpers/sipp.js';
import { outboundRig } from '../outbound-center.js';

describe('unauthenticated INVITE to an outside number', { timeout: 120_000 }, () => {
  test('407 and nothing reaches the carrier', async (t) => {
    const rig = await outboundRig(t, ['answer']);
    assertSippOk(await rig.dial('4155550123', 'no-credentials'), 'stranger');
    assertSippOk(await rig.dial('0114420794600001', 'no-credentials'), 'stranger');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(rig.carriers[0]?.messages(), '', 'the carrier received nothing');
    const calls = ((await rig.api('GET', '/calls?direction=outbound')).body.items ?? []) as unknown[];
    assert.equal(calls.length, 0, 'no outbound call was recorded');
  });
});
