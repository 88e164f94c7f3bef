// The center for a NAT test: listening (SIP and RTP) on the host end of a NAT box's veth, with
// a number that goes straight to the sales queue (no IVR menu to press through) and, when asked,
// an IP trunk for the box's address so a phone behind it can call in without a digest dance.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { NatBox } from '../../helpers/nat-namespace.js';
import { startCenter, type Center } from '../../e2e/helpers/center.js';
import { login } from '../../e2e/helpers/api.js';

export const QUEUE_NUMBER = '+15550177';

export async function natCenter(t: TestContext, box: NatBox, opts: { trunkForBox?: boolean } = {}): Promise<Center> {
  const c = await startCenter(t, { host: box.hostIp });
  const token = await login(c, 'admin', 'admin-secret-pw');
  const post = async (path: string, body: unknown): Promise<void> => {
    const res = await fetch(`http://127.0.0.1:${c.httpPort}/api${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.ok(res.status === 200 || res.status === 201, `POST ${path}: ${res.status} ${await res.text()}`);
  };
  const sales = c.sb.demo?.queues.sales;
  assert.ok(sales, 'the demo seeded the sales queue');
  await post('/numbers', { e164: QUEUE_NUMBER, destination: { type: 'queue', id: sales }, description: 'NAT test: straight to sales' });
  if (opts.trunkForBox) await post('/trunks', { name: 'nat-office', auth_type: 'ip', allowed_cidrs: [`${box.phoneIp}/32`] });
  return c;
}

/** Sets an agent available through the API (as the agent itself). */
export async function makeAvailable(c: Center, username: string, password: string): Promise<void> {
  const token = await login(c, username, password);
  const res = await fetch(`http://127.0.0.1:${c.httpPort}/api/me/state`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ state: 'available' }) });
  assert.equal(res.status, 200, `available: ${await res.text()}`);
}
