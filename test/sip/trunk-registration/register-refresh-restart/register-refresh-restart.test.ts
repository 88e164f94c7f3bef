// Issue 12, a registration trunk against a sipp carrier that requires digest: the trunk
// created through the API registers (401, then 200 granting 4 s), refreshes before the 4 s
// run out, takes the carrier's call to our registered Contact into the demo IVR (matched to
// the registration trunk, not to the demo IP trunk on the same address), fails with growing
// backoff while the carrier is stopped (OPTIONS health goes down), registers again when it
// is back (health up), and un-REGISTERs when the trunk is deleted. The API shows each step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startCenter, eventually } from '../../../e2e/helpers/center.js';
import { assertSippOk, runSipp, scenario, startSipp, type SippProcess } from '../../helpers/sipp.js';
import { trunkApi, type TrunkView } from '../helpers/trunk-api.js';

const behaviour = 'trunk-registration/register-refresh-restart';

test('registration trunk: register, refresh, inbound call, carrier restart with backoff, health, un-REGISTER', { timeout: 120_000 }, async (t) => {
  const c = await startCenter(t, {
    trunkTimers: { registration: { retryBaseMs: 500, retryMaxMs: 4000, requestTimeoutMs: 1500 }, health: { intervalMs: 1000, timeoutMs: 1000 } },
  });
  const startCarrier = (port?: number) => startSipp({
    scenario: scenario(behaviour, 'carrier-registrar.xml'), transport: 'udp', calls: 100000, limit: 100000, timeoutSec: 100, extra: ['-trace_msg'],
    ...(port === undefined ? {} : { localPort: port }),
  });
  let carrier: SippProcess = await startCarrier();
  t.after(() => carrier.kill());
  const api = await trunkApi(c.httpPort);
  const trunk = await api.create({
    name: 'registering-carrier', auth_type: 'registration', register_host: '127.0.0.1', register_port: carrier.port, register_transport: 'udp',
    register_username: 'trunk-user', register_password: 'trunk-secret-pw', register_realm: 'carrier.test', register_expiry_seconds: 60,
  });
  const until = (what: string, ok: (v: TrunkView) => boolean, ms = 15_000) => eventually(async () => {
    const v = await api.get(trunk.id);
    return ok(v) ? v : undefined;
  }, ms, what);

  // Registered with the lifetime the carrier granted (4 s, not the 60 asked).
  const first = await until('registered', (v) => v.registration?.state === 'registered');
  const reg = first.registration;
  assert.ok(reg);
  assert.equal(reg.last_status, 200);
  const lifetime = Date.parse(reg.expires_at ?? '') - Date.parse(reg.changed_at);
  assert.ok(lifetime > 3000 && lifetime <= 4100, `granted 4 s: ${lifetime} ms`);
  assert.ok(reg.contact_user.startsWith('sbt-'), reg.contact_user);
  const listed = (await api.list()).find((x) => x.id === trunk.id);
  assert.equal(listed?.registration?.state, 'registered', 'the list carries the registration');
  const health = await until('health up', (v) => v.health?.status === 'up');
  assert.match(health.health?.target ?? '', /^sip:127\.0\.0\.1:\d+;transport=udp$/);

  // Refreshed before expiry: two more 200s, each before the previous binding ran out.
  const refreshed = () => c.logs.filter((l) => l.trunkId === trunk.id && l.from === 'refreshing' && l.to === 'registered').length;
  await eventually(async () => (refreshed() >= 2 ? true : undefined), 10_000, 'two refreshes');
  const expiredGaps = c.logs.filter((l) => l.trunkId === trunk.id && l.to === 'failed');
  assert.equal(expiredGaps.length, 0, 'no failure while the carrier answers');
  t.diagnostic(`refreshes after ${((Date.now() - Date.parse(reg.changed_at)) / 1000).toFixed(1)} s: ${refreshed()}`);

  // The carrier's call to our Contact reaches the IVR as a call of this trunk.
  const call = await runSipp({ scenario: scenario(behaviour, 'carrier-call.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: reg.contact_user, timeoutSec: 20 });
  assertSippOk(call, 'the carrier call to the registered Contact');
  const calls = (await sql<{ trunk_id: string; to_number: string }>`SELECT trunk_id, to_number FROM calls ORDER BY started_at DESC LIMIT 1`.execute(c.sb.database.db)).rows;
  assert.equal(calls[0]?.trunk_id, trunk.id, 'the call is the registration trunk\'s');
  assert.equal(calls[0]?.to_number, '+15550100', 'dialed number from To');

  // Carrier gone: failures with growing backoff, health down.
  carrier.kill();
  await carrier.done;
  const failed = await until('failed twice', (v) => v.registration?.state === 'failed' && v.registration.failures >= 2, 20_000);
  assert.equal(failed.registration?.last_status, null, 'a timeout has no status');
  await until('health down', (v) => v.health?.status === 'down', 10_000);
  const waits = c.logs.filter((l) => l.trunkId === trunk.id && l.to === 'failed').map((l) => Number(l.failures));
  assert.deepEqual(waits.slice(0, 2), [1, 2], 'failures counted');
  const retryDelays = await eventually(async () => {
    const v = await api.get(trunk.id);
    const r = v.registration;
    return r?.state === 'failed' && r.failures >= 3 && r.next_attempt_at ? Date.parse(r.next_attempt_at) - Date.parse(r.changed_at) : undefined;
  }, 20_000, 'a third failure');
  assert.ok(retryDelays >= 1900, `backoff grows (500 ms doubling): the third wait is ${retryDelays} ms`);
  t.diagnostic(`third retry wait ${retryDelays} ms`);

  // Carrier back on the same port: registered again, health up.
  carrier = await startCarrier(carrier.port);
  const back = await until('registered again', (v) => v.registration?.state === 'registered', 20_000).catch(async (err: unknown) => {
    carrier.kill();
    throw new Error(`${String(err)}\n${(await carrier.done).output}`);
  });
  assert.equal(back.registration?.failures, 0);
  await until('health up again', (v) => v.health?.status === 'up', 10_000);

  // Deleted: un-REGISTER answered, nothing left to show.
  await api.remove(trunk.id);
  await eventually(async () => (c.logs.some((l) => l.trunkId === trunk.id && l.from === 'unregistering' && l.to === 'unregistered') ? true : undefined), 10_000, 'un-REGISTER');
  const unreg = c.logs.filter((l) => l.trunkId === trunk.id && l.event === 'unregistered');
  assert.ok(unreg.length >= 1);
  assert.ok(!JSON.stringify(c.logs).includes('trunk-secret-pw'), 'the password is never logged');
});
