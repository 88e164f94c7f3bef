// Issue 10, INVITE flood to unknown numbers: UnknownNumberLimiter as a unit (the first N a
// minute per source are recorded, the rest only counted, one line per source per minute), and
// through a drachtio-srf app that asks it before writing the attempt's call record, with sipp
// flooding 200 INVITEs: every one is answered 404, the records stay at N.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pino from 'pino';
import { sql } from 'kysely';
import { createRepositories } from '../../../server/db/index.js';
import { UnknownNumberLimiter } from '../../../server/sip/unknown-number-limiter.js';
import { createTestDatabase } from '../../db/test-databases.js';
import { startRig } from '../helpers/rig.js';
import { assertSippOk, scenario } from '../helpers/sipp.js';

function capture(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: pino({ level: 'info' }, { write: (s: string) => { lines.push(JSON.parse(s) as Record<string, unknown>); } }) };
}

describe('UnknownNumberLimiter (unit)', { timeout: 10_000 }, () => {
  test('per source: N recorded a window, the rest counted; one line per flooding source when the window ends', () => {
    const { logger, lines } = capture();
    const limiter = new UnknownNumberLimiter({ logger, recordPerMinute: 3, windowMs: 3_600_000 });
    const a = Array.from({ length: 10 }, (_, i) => limiter.attempt('192.0.2.1', `+1555000${i}`));
    assert.deepEqual(a, ['record', 'record', 'record', ...Array<string>(7).fill('count')]);
    assert.equal(limiter.attempt('192.0.2.2', '+15551111'), 'record', 'another source has its own allowance');
    assert.equal(lines.length, 0, 'nothing logged per attempt');
    limiter.flush();
    assert.deepEqual(lines.map((l) => [l.security, l.ip, l.reason, l.unrecorded, l.lastTo]), [['sip', '192.0.2.1', 'unknown-number-flood', 7, '+15550009']]);
    assert.equal(limiter.attempt('192.0.2.1', '+15550000'), 'record', 'a new window, a new allowance');
    limiter.close();
  });
});

describe('INVITE flood to unknown numbers through a drachtio-srf app', { timeout: 60_000 }, () => {
  test('200 INVITEs from one source: all answered 404, 10 call records, one line with the rest', async (t) => {
    const rig = await startRig(t);
    // As the center does for its trunks: the trunk's address is trusted by the engine's flood ban.
    rig.engine.setTrustedSources(['127.0.0.1/32']);
    const database = await createTestDatabase('postgres');
    t.after(() => database.drop());
    const repos = createRepositories(database.db, { sipRealm: 'switchboard.test' });
    const { logger, lines } = capture();
    const limiter = new UnknownNumberLimiter({ logger, recordPerMinute: 10 });
    t.after(() => limiter.close());
    const srf = await rig.connectApp();
    let answered = 0;
    srf.invite((req, res) => {
      void (async () => {
        const to = /sip:([^@;>]+)@/.exec(req.uri)?.[1] ?? '';
        // the number lookup found nothing: record the attempt only within the limiter's allowance
        if (limiter.attempt(req.source_address, to) === 'record') {
          await repos.calls.create({ direction: 'inbound', from_number: '+15550100', to_number: to });
        }
        answered++;
        res.send(404, 'Not Found - unknown number', {});
      })();
    });
    const result = await (await rig.sipp({ scenario: scenario('unknown-number-flood', 'uac-expect-404.xml'), transport: 'udp', remote: rig.target, service: '+19995550000', calls: 200, limit: 200, rate: 200, timeoutSec: 30 })).done;
    assertSippOk(result, 'flooding UAC (every INVITE answered 404)');
    assert.equal(answered, 200);
    const records = await sql<{ n: number }>`SELECT count(*)::int AS n FROM calls`.execute(database.db);
    assert.equal(records.rows[0]?.n, 10, 'records bounded to the per-minute allowance');
    limiter.flush();
    const flood = lines.filter((l) => l.reason === 'unknown-number-flood');
    assert.deepEqual(flood.map((l) => [l.ip, l.unrecorded]), [['127.0.0.1', 190]]);
    t.diagnostic(`200 INVITEs to an unknown number: 10 records written, 190 counted in 1 line`);
  });
});
