// Issue 12: internal calls by extension. agent1's desk phone (sipp, digest on the INVITE)
// dials 1002; agent2's phone rings with agent1's extension as the caller and answers. While
// they talk both agents are on a call for the ACD (no queue call is offered to either); after
// the hangup both are available again without wrap-up, and the call record says `internal`,
// with agent1 as caller and agent2's answered leg.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertSippOk, scenario, startSipp } from '../../helpers/sipp.js';
import { AGENT_PASSWORDS, REALM, eventually, startCenter, type Center } from '../../../e2e/helpers/center.js';
import { apiCall, login } from '../../../e2e/helpers/api.js';
import { NodePhone, header } from '../../../e2e/helpers/node-phone.js';

/** The demo's loopback trunk would take our phones' INVITEs from 127.0.0.1 as a carrier's: off, so they are digest-checked phones. */
async function phonesOnly(c: Center): Promise<string> {
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const trunks = await apiCall<{ items: { id: string }[] }>(c, admin, '/trunks');
  for (const trunk of trunks.items) {
    const res = await fetch(`http://127.0.0.1:${c.httpPort}/api/trunks/${trunk.id}`, { method: 'PATCH', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ enabled: false }) });
    assert.equal(res.status, 200);
  }
  return admin;
}

interface CallRow { id: string; direction: string; from_number: string; to_number: string; agent_id: string | null; status: string; disposition: string | null }

describe('internal calls by extension', { timeout: 120_000 }, () => {
  test('agent1 dials 1002: agent2 rings and answers; both are on a call, then available', async (t) => {
    const c = await startCenter(t);
    const admin = await phonesOnly(c);
    const agent2 = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, 'agent2');
    t.after(() => agent2.close());
    assert.equal(await agent2.register(AGENT_PASSWORDS.agent2, REALM), 'SIP/2.0 200 OK');
    const token1 = await login(c, 'agent1', AGENT_PASSWORDS.agent1);
    const token2 = await login(c, 'agent2', AGENT_PASSWORDS.agent2);
    await apiCall(c, token1, '/me/state', { state: 'available' });
    await apiCall(c, token2, '/me/state', { state: 'available' });
    const answered = agent2.answerNext(300);
    const sipp = await startSipp({
      scenario: scenario('outbound/scenarios', 'uac-agent-call.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: '1002', timeoutSec: 30,
      extra: ['-au', 'agent1', '-ap', AGENT_PASSWORDS.agent1, '-auth_uri', `1002@127.0.0.1:${c.sipPort}`, '-d', '3000'],
    });
    t.after(() => sipp.kill());
    const call = await answered;
    assert.match(header(call.invite ?? '', 'from'), /sip:1001@/, 'agent2 sees agent1\'s extension');
    const during = await eventually(async () => {
      const [s1, s2] = [await apiCall<{ state: string }>(c, token1, '/me/state'), await apiCall<{ state: string }>(c, token2, '/me/state')];
      return s1.state === 'on-call' && s2.state === 'on-call' ? [s1.state, s2.state] : undefined;
    }, 5000, 'both agents on a call');
    assert.deepEqual(during, ['on-call', 'on-call']);
    assertSippOk(await sipp.done, 'agent1 desk phone');
    await call.ended;
    await eventually(async () => {
      const [s1, s2] = [await apiCall<{ state: string }>(c, token1, '/me/state'), await apiCall<{ state: string }>(c, token2, '/me/state')];
      return s1.state === 'available' && s2.state === 'available' ? true : undefined;
    }, 10000, 'both available again, no wrap-up');
    const row = await eventually(async () => (await apiCall<{ items: CallRow[] }>(c, admin, '/calls')).items.find((x) => x.direction === 'internal' && x.status === 'completed'), 10000, 'the internal call record');
    assert.equal(row.from_number, '1001');
    assert.equal(row.to_number, '1002');
    assert.equal(row.disposition, 'answered');
    const agents = await apiCall<{ items: { id: string; sip_username: string }[] }>(c, admin, '/agents');
    assert.equal(row.agent_id, agents.items.find((a) => a.sip_username === 'agent2')?.id, 'the answering agent');
  });

  test('an agent dialling their own extension gets 486 with the reason', async (t) => {
    const c = await startCenter(t);
    await phonesOnly(c);
    const own = await startSipp({
      scenario: scenario('calls/internal-call', 'uac-own-extension.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: '1001', timeoutSec: 20,
      extra: ['-au', 'agent1', '-ap', AGENT_PASSWORDS.agent1, '-auth_uri', `1001@127.0.0.1:${c.sipPort}`],
    });
    t.after(() => own.kill());
    assertSippOk(await own.done, 'agent1 calling itself');
  });
});
