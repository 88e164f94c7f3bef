// Issue 12: an agent on an outbound call is on a call for the ACD (not offered queue calls)
// from dialing to hangup, and available again (no wrap-up) after it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertSippOk } from '../../helpers/sipp.js';
import { AGENT_PASSWORDS, eventually } from '../../../e2e/helpers/center.js';
import { apiCall, login } from '../../../e2e/helpers/api.js';
import { outboundRig } from '../outbound-center.js';

describe('agent state during an outbound call', { timeout: 120_000 }, () => {
  test('available -> on-call while the desk phone talks to the carrier -> available', async (t) => {
    const rig = await outboundRig(t, ['answer']);
    const token = await login(rig.c, 'agent1', AGENT_PASSWORDS.agent1);
    await apiCall(rig.c, token, '/me/state', { state: 'available' });
    const carrier = rig.carriers[0];
    assert.ok(carrier);
    const call = rig.dial('4155550123', 'answered', 3000);
    await eventually(async () => (carrier.messages().includes('ACK ') ? true : undefined), 15_000, 'the call up at the carrier');
    const during = await apiCall<{ state: string }>(rig.c, token, '/me/state');
    assert.equal(during.state, 'on-call');
    assert.equal(rig.c.sb.acd.snapshot().agents.find((a) => a.status === 'on-call')?.status, 'on-call', 'the ACD sees the agent busy');
    assertSippOk(await call, 'desk phone');
    const after = await eventually(async () => {
      const s = await apiCall<{ state: string }>(rig.c, token, '/me/state');
      return s.state === 'available' ? s : undefined;
    }, 10_000, 'the agent available again');
    assert.equal(after.state, 'available');
  });
});
