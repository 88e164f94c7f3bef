// Issue 10, per-trunk caps: TrunkLimits as a unit (token bucket for max_cps, a count for
// max_channels, release once), and through a tiny drachtio-srf app that admits each trunk
// INVITE before writing its call record, with sipp as the trunk: a flood above max_cps gets
// 503 + Retry-After for the excess while the admitted calls are answered; max_channels holds
// with calls held open; no call record for a refused INVITE; one aggregated warn line a second.
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import pino from 'pino';
import type Srf from 'drachtio-srf';
import { sql, type Kysely } from 'kysely';
import { createRepositories, type Database, type Repositories } from '../../../server/db/index.js';
import { refusalResponse, TrunkLimits, type LimitedTrunk } from '../../../server/sip/trunk-limits.js';
import { createTestDatabase } from '../../db/test-databases.js';
import { APP_SDP, startRig, waitFor } from '../helpers/rig.js';
import { assertSippOk, scenario } from '../helpers/sipp.js';

const quiet = pino({ level: 'silent' });
const trunkOf = (o: Partial<LimitedTrunk>): LimitedTrunk => ({ id: 't1', name: 'carrier', max_cps: null, max_channels: null, ...o });

describe('TrunkLimits (unit)', { timeout: 10_000 }, () => {
  test('max_cps: a burst of max_cps, then max_cps a second; the refusal says why and when to retry', () => {
    let now = 1_000_000;
    const limits = new TrunkLimits({ logger: quiet, clock: () => now });
    const trunk = trunkOf({ max_cps: 5 });
    const burst = Array.from({ length: 8 }, () => limits.admit(trunk));
    assert.deepEqual(burst.map((a) => a.ok), [true, true, true, true, true, false, false, false]);
    const refused = burst[5];
    assert.ok(refused && !refused.ok);
    assert.deepEqual(refusalResponse(refused), { status: 503, reason: 'Service Unavailable (trunk over its limit of 5 calls per second)', headers: { 'Retry-After': '1' } });
    now += 400; // 2 tokens back
    assert.deepEqual([limits.admit(trunk), limits.admit(trunk), limits.admit(trunk)].map((a) => a.ok), [true, true, false]);
    limits.close();
  });

  test('max_channels: refused while full, a release (counted once) frees one; NULL means no cap', () => {
    const limits = new TrunkLimits({ logger: quiet, channelsRetryAfterSec: 7 });
    const trunk = trunkOf({ max_channels: 2 });
    const a = limits.admit(trunk);
    const b = limits.admit(trunk);
    const c = limits.admit(trunk);
    assert.ok(a.ok && b.ok && !c.ok);
    assert.equal(c.retryAfterSec, 7);
    assert.match(c.reason, /2 concurrent calls/);
    a.release();
    a.release();
    assert.equal(limits.active('t1'), 1, 'a second release of the same call frees nothing');
    assert.ok(limits.admit(trunk).ok);
    assert.ok(!limits.admit(trunk).ok);
    const open = trunkOf({ id: 't2' });
    assert.ok(Array.from({ length: 1000 }, () => limits.admit(open)).every((x) => x.ok));
    limits.close();
  });
});

interface TrunkApp { admitted: number; refused: number; firstAt: number; lastAt: number; warnLines: Record<string, unknown>[]; limits: TrunkLimits }

/** The call path in miniature: identify the trunk, admit, then (only then) write the call record and answer. */
function installTrunkApp(t: TestContext, srf: Srf, repos: Repositories, trunkId: string): TrunkApp {
  const warnLines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (s: string) => { warnLines.push(JSON.parse(s) as Record<string, unknown>); } });
  const app: TrunkApp = { admitted: 0, refused: 0, firstAt: 0, lastAt: 0, warnLines, limits: new TrunkLimits({ logger }) };
  t.after(() => app.limits.close());
  srf.invite((req, res) => {
    void (async () => {
      app.firstAt ||= Date.now();
      app.lastAt = Date.now();
      const trunk = await repos.trunks.get(trunkId);
      if (!trunk) return res.send(404);
      const admission = app.limits.admit(trunk);
      if (!admission.ok) {
        app.refused++;
        const { status, reason, headers } = refusalResponse(admission);
        return res.send(status, reason, { headers });
      }
      app.admitted++;
      try {
        await repos.calls.create({ direction: 'inbound', from_number: '+15550100', to_number: '+18005550199', trunk_id: trunk.id });
        const dialog = await srf.createUAS(req, res, { localSdp: APP_SDP });
        dialog.on('destroy', () => admission.release());
      } catch {
        admission.release();
      }
    })();
  });
  return app;
}

async function callRecords(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM calls`.execute(db);
  return r.rows[0]?.n ?? -1;
}

describe('trunk caps through a drachtio-srf app, sipp as the trunk', { timeout: 90_000 }, () => {
  test('INVITE flood at 50/s against max_cps 10: the excess gets 503 + Retry-After, no record for it', async (t) => {
    const rig = await startRig(t);
    // As the center does for its trunks: the trunk's address is trusted by the engine's flood ban.
    rig.engine.setTrustedSources(['127.0.0.1/32']);
    const database = await createTestDatabase('postgres');
    t.after(() => database.drop());
    const repos = createRepositories(database.db, { sipRealm: 'switchboard.test' });
    const trunk = await repos.trunks.create({ name: 'carrier-cps', auth_type: 'ip', allowed_cidrs: ['127.0.0.1/32'], max_cps: 10 });
    assert.equal(trunk.max_cps, 10, 'migration 0006 stores max_cps');
    const app = installTrunkApp(t, await rig.connectApp(), repos, trunk.id);

    const result = await (await rig.sipp({ scenario: scenario('trunk-limits', 'uac-trunk-call.xml'), transport: 'udp', remote: rig.target, calls: 100, limit: 100, rate: 50, extra: ['-d', '0'], timeoutSec: 30 })).done;
    assertSippOk(result, 'trunk (every call answered 200 or 503 with Retry-After)');
    const seconds = (app.lastAt - app.firstAt) / 1000;
    t.diagnostic(`100 INVITEs in ${seconds.toFixed(2)} s: ${app.admitted} admitted, ${app.refused} refused with 503`);
    assert.equal(app.admitted + app.refused, 100);
    assert.ok(app.admitted >= 10, 'the first second\'s worth is admitted');
    assert.ok(app.admitted <= 10 + Math.ceil(10 * seconds) + 1, `no more than max_cps a second (${app.admitted} in ${seconds.toFixed(2)} s)`);
    assert.ok(app.refused >= 40, 'the excess is refused');
    assert.equal(await callRecords(database.db), app.admitted, 'a call record per admitted call, none per refused INVITE');
    const refusedLogged = (): number => app.warnLines.reduce((n, l) => n + ((l.refused as { cps: number } | undefined)?.cps ?? 0), 0);
    await waitFor(() => refusedLogged() === app.refused, 3000).catch(() => undefined);
    assert.equal(refusedLogged(), app.refused, 'the warn lines add up to the refusals');
    assert.ok(app.warnLines.length <= Math.ceil(seconds) + 2, `one aggregated line a second, not one per INVITE (${app.warnLines.length})`);
    await rig.expectNoDialogs();
  });

  test('max_channels 3 with calls held open: 3 answered, the others 503; freed channels admit again', async (t) => {
    const rig = await startRig(t);
    // As the center does for its trunks: the trunk's address is trusted by the engine's flood ban.
    rig.engine.setTrustedSources(['127.0.0.1/32']);
    const database = await createTestDatabase('postgres');
    t.after(() => database.drop());
    const repos = createRepositories(database.db, { sipRealm: 'switchboard.test' });
    const trunk = await repos.trunks.create({ name: 'carrier-channels', auth_type: 'ip', allowed_cidrs: ['127.0.0.1/32'], max_channels: 3 });
    const app = installTrunkApp(t, await rig.connectApp(), repos, trunk.id);
    const sippOpts = { scenario: scenario('trunk-limits', 'uac-trunk-call.xml'), transport: 'udp' as const, remote: rig.target, calls: 6, limit: 6, rate: 100, extra: ['-d', '2000'], timeoutSec: 30 };
    const first = await rig.sipp(sippOpts);
    await waitFor(() => app.admitted + app.refused === 6, 5000);
    assert.equal(app.admitted, 3);
    assert.equal(app.refused, 3);
    assert.equal(app.limits.active(trunk.id), 3, 'three calls hold the three channels');
    assertSippOk(await first.done, 'trunk, first wave');
    await waitFor(() => app.limits.active(trunk.id) === 0, 3000);
    assert.equal(app.limits.active(trunk.id), 0, 'every channel released at BYE');
    const second = await rig.sipp({ ...sippOpts, calls: 3, limit: 3, extra: ['-d', '100'] });
    assertSippOk(await second.done, 'trunk, second wave');
    assert.equal(app.admitted, 6, 'freed channels take new calls');
    assert.equal(await callRecords(database.db), 6);
    await rig.expectNoDialogs();
  });
});
