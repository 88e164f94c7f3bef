// Issue 12: when the center stops, every registered trunk is un-REGISTERed (expires 0) and
// the stop waits for the carrier's answer, so the carrier sends no calls to a center that is
// gone. sb.trunks.registrations.stop() is the step the switchboard's stop runs before srf
// disconnects; it is called here to see the answer while the center still logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter, eventually } from '../../../e2e/helpers/center.js';
import { scenario, startSipp } from '../../helpers/sipp.js';
import { trunkApi } from '../helpers/trunk-api.js';

test('center stop: registered trunks are un-REGISTERed and the carrier answers', { timeout: 60_000 }, async (t) => {
  const c = await startCenter(t);
  const carrier = await startSipp({ scenario: scenario('trunk-registration/register-refresh-restart', 'carrier-registrar.xml'), transport: 'udp', calls: 1000, limit: 1000, timeoutSec: 50, extra: ['-trace_msg'] });
  t.after(() => carrier.kill());
  const api = await trunkApi(c.httpPort);
  const body = { auth_type: 'registration', register_host: '127.0.0.1', register_port: carrier.port, register_username: 'trunk-user', register_password: 'trunk-secret-pw', register_expiry_seconds: 60 };
  const a = await api.create({ name: 'carrier-a', ...body });
  const b = await api.create({ name: 'carrier-b', ...body });
  for (const id of [a.id, b.id]) {
    await eventually(async () => ((await api.get(id)).registration?.state === 'registered' ? true : undefined), 15_000, `${id} registered`);
  }
  const started = Date.now();
  await c.sb.trunks.registrations.stop();
  t.diagnostic(`two un-REGISTERs answered in ${Date.now() - started} ms`);
  for (const id of [a.id, b.id]) {
    const done = c.logs.find((l) => l.trunkId === id && l.event === 'unregistered');
    assert.ok(done, `${id} un-REGISTERed`);
    assert.equal(done.status, 200, 'the carrier answered the expires 0');
  }
  assert.equal((await api.get(a.id)).registration, null);
  carrier.kill();
  const trace = (await carrier.done).output;
  assert.match(trace, /Expires: 0/, 'the carrier saw an un-REGISTER');
});
