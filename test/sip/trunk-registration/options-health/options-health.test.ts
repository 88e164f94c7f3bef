// Issue 12, trunk health as other rooms use it: an IP trunk with an outbound proxy gets
// OPTIONS there (a sipp "carrier" answering 200). sb.trunks.health.isTrunkUp(id) is true and
// a `trunk-status` up event is emitted; with the carrier stopped the trunk goes down (event,
// isTrunkUp false, the API's health with the reason), and up again when it answers again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter, eventually } from '../../../e2e/helpers/center.js';
import { scenario, startSipp, type SippProcess } from '../../helpers/sipp.js';
import { trunkApi } from '../helpers/trunk-api.js';
import type { TrunkStatusChange } from '../../../../server/sip/trunks/trunk-health.js';

test('OPTIONS health: up, down when the carrier stops answering, up again', { timeout: 60_000 }, async (t) => {
  const c = await startCenter(t, { trunkTimers: { health: { intervalMs: 500, timeoutMs: 1000 } } });
  const start = (port?: number) => startSipp({
    scenario: scenario('trunk-registration/register-refresh-restart', 'carrier-registrar.xml'), transport: 'udp', calls: 10000, limit: 10000, timeoutSec: 50,
    ...(port === undefined ? {} : { localPort: port }),
  });
  let carrier: SippProcess = await start();
  t.after(() => carrier.kill());
  const changes: TrunkStatusChange[] = [];
  const health = c.sb.trunks.health;
  health.on('trunk-status', (s) => changes.push(s));
  const api = await trunkApi(c.httpPort);
  const trunk = await api.create({ name: 'proxied-carrier', auth_type: 'ip', allowed_cidrs: ['192.0.2.50/32'], outbound_proxy: `127.0.0.1:${carrier.port}` });
  const seen = (status: 'up' | 'down', n: number) => eventually(async () => (changes.filter((x) => x.trunkId === trunk.id && x.status === status).length >= n ? true : undefined), 10_000, `${status} #${n}`);

  await seen('up', 1);
  assert.equal(health.isTrunkUp(trunk.id), true);
  const up = (await api.get(trunk.id)).health;
  assert.equal(up?.status, 'up');
  assert.equal(up?.target, `sip:127.0.0.1:${carrier.port}`);
  assert.match(up?.last_reason ?? '', /^OPTIONS answered 200/);

  const stoppedAt = Date.now();
  carrier.kill();
  await carrier.done;
  await seen('down', 1);
  t.diagnostic(`down ${Date.now() - stoppedAt} ms after the carrier stopped`);
  assert.equal(health.isTrunkUp(trunk.id), false);
  const down = (await api.get(trunk.id)).health;
  assert.equal(down?.status, 'down');
  assert.match(down?.last_reason ?? '', /no answer to OPTIONS within 1000 ms/);

  carrier = await start(carrier.port);
  await seen('up', 2);
  assert.equal(health.isTrunkUp(trunk.id), true);
  assert.equal(changes.filter((x) => x.trunkId === trunk.id).map((x) => x.status).join(), 'up,down,up', 'one event per change');
  // A trunk without a signalling address is not pinged and counts as up.
  const demo = (await api.list()).find((x) => x.id !== trunk.id);
  assert.ok(demo);
  assert.equal(demo.health, null);
  assert.equal(health.isTrunkUp(demo.id), true);
});
