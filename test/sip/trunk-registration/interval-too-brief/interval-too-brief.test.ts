// Issue 12: a carrier that answers our 60 s REGISTER with 423 Interval Too Brief and
// Min-Expires: 120 gets a new REGISTER asking 120 s at once, and the trunk is registered for
// the 120 s granted (the API shows the raised request and the 423 transition is logged).
// Switching the trunk off through the API un-REGISTERs it (expires 0, answered 200). Each
// transition is stored in trunk_registration_events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRepositories } from '../../../../server/db/index.js';
import { startCenter, eventually, REALM } from '../../../e2e/helpers/center.js';
import { scenario, startSipp } from '../../helpers/sipp.js';
import { trunkApi } from '../helpers/trunk-api.js';

test('423 Interval Too Brief: re-REGISTER with Min-Expires, registered; switched off: un-REGISTER', { timeout: 60_000 }, async (t) => {
  const c = await startCenter(t);
  const carrier = await startSipp({ scenario: scenario('trunk-registration/interval-too-brief', 'carrier-min-expires.xml'), transport: 'udp', calls: 1000, limit: 1000, timeoutSec: 50 });
  t.after(() => carrier.kill());
  const api = await trunkApi(c.httpPort);
  const trunk = await api.create({
    name: 'min-expires-carrier', auth_type: 'registration', register_host: '127.0.0.1', register_port: carrier.port,
    register_username: 'trunk-user', register_password: 'trunk-secret-pw', register_expiry_seconds: 60,
  });
  const v = await eventually(async () => {
    const r = (await api.get(trunk.id)).registration;
    return r?.state === 'registered' ? r : undefined;
  }, 15_000, 'registered');
  assert.equal(v.requested_expires, 120, 'asks the Min-Expires');
  assert.equal(v.last_status, 200);
  const lifetime = Date.parse(v.expires_at ?? '') - Date.parse(v.changed_at);
  assert.ok(lifetime > 119_000 && lifetime <= 120_100, `granted 120 s: ${lifetime} ms`);
  const mine = c.logs.filter((l) => l.trunkId === trunk.id);
  const brief = mine.find((l) => l.event === 'too-brief');
  assert.ok(brief, 'the 423 is a logged transition');
  assert.equal(brief.status, 423);
  assert.equal(brief.from, 'registering');
  assert.equal(brief.to, 'registering');
  assert.deepEqual(mine.filter((l) => l.event !== undefined).map((l) => l.event), ['start', 'too-brief', 'registered'], 'start → 423 → 200');
  const stored = await eventually(async () => {
    const rows = await createRepositories(c.sb.database.db, { sipRealm: REALM }).trunkRegistrationEvents.forTrunk(trunk.id);
    return rows.length >= 3 ? rows : undefined;
  }, 5000, 'stored transitions');
  assert.deepEqual(stored.map((r) => [r.from_state, r.to_state, r.event, r.status]), [
    ['unregistered', 'registering', 'start', null], ['registering', 'registering', 'too-brief', 423], ['registering', 'registered', 'registered', 200],
  ], 'the transitions are stored (migration 0013)');

  await api.patch(trunk.id, { enabled: false });
  await eventually(async () => (c.logs.some((l) => l.trunkId === trunk.id && l.event === 'unregistered') ? true : undefined), 10_000, 'un-REGISTER');
  assert.equal((await api.get(trunk.id)).registration, null, 'a switched-off trunk shows no registration');
});
