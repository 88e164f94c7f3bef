// Bans of the SIP guard reach the engine's discard list, except for trunk addresses: a phone
// guessing passwords from a carrier's address is refused by the guard, but the trunk's calls
// keep coming. A trunk added through the database (change feed) is trusted at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRepositories } from '../../../server/db/index.js';
import { startCenter, eventually, REALM } from '../../e2e/helpers/center.js';
import { NodePhone } from '../../e2e/helpers/node-phone.js';

test('guard bans go to the engine, trunk addresses excepted', { timeout: 60_000 }, async (t) => {
  const c = await startCenter(t);
  const engine = c.sb.engine;
  assert.ok(engine, 'the built-in engine');
  const guard = c.sb.callCenter.registrar.guard;
  for (let i = 0; i < 5; i++) {
    guard.fail('127.0.0.9', 'agent1', 'wrong-password');
    guard.fail('127.0.0.1', 'agent1', 'wrong-password');
  }
  const discarded = await eventually(async () => {
    const list = await engine.discardList();
    return list.some((e) => e.address === '127.0.0.9') ? list : undefined;
  }, 5000, 'the banned phone address in the discard list');
  assert.ok(!discarded.some((e) => e.address === '127.0.0.1'), 'the demo trunk address (127.0.0.1) is not discarded');

  // The trunk's calls still come in.
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550008888');
  t.after(() => caller.close());
  const call = await caller.call('15550100');
  assert.equal(await call.hangup(), 'SIP/2.0 200 OK');

  // A trunk provisioned now is trusted as soon as the change feed tells.
  await createRepositories(c.sb.database.db, { sipRealm: REALM }).trunks.create({ name: 'new-carrier', auth_type: 'ip', allowed_cidrs: ['127.0.0.20/32'] });
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 0; i < 5; i++) guard.fail('127.0.0.20', 'agent1', 'wrong-password');
  await new Promise((r) => setTimeout(r, 800));
  assert.ok(!(await engine.discardList()).some((e) => e.address === '127.0.0.20'), 'the new trunk address is not discarded');
});
