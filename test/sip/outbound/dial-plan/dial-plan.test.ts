// Issue 12's pure parts of outbound calling: E.164 normalisation by the default country,
// the destination classification with its premium and high-risk lists, route selection and
// the carrier's dial string, which answers fail over, and the toll-fraud guard's caps.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pino from 'pino';
import { loadOutboundConfig } from '../../../../config/load-outbound-config.js';
import { classify, defaultDialPlan, toE164 } from '../../../../server/sip/outbound/dial-plan.js';
import { dialString, isTrunkFailure, selectRoute, type OutboundRoute } from '../../../../server/sip/outbound/route-plan.js';
import { TollFraudGuard, type AgentOutboundPolicy } from '../../../../server/sip/outbound/toll-fraud-guard.js';

const us = defaultDialPlan('1');
const uk = defaultDialPlan('44');

describe('dial plan (unit)', { timeout: 10_000 }, () => {
  test('E.164 normalisation by the default country', () => {
    assert.equal(toE164('4155550123', us), '+14155550123');
    assert.equal(toE164('14155550123', us), '+14155550123');
    assert.equal(toE164('011442079460000', us), '+442079460000');
    assert.equal(toE164('+442079460000', us), '+442079460000');
    assert.equal(toE164('02079460000', uk), '+442079460000');
    assert.equal(toE164('00331234567890', uk), '+331234567890');
    assert.equal(toE164('2079460000', uk), '+442079460000');
    assert.equal(toE164('1001', us), undefined, 'an extension is not a telephone number');
    assert.equal(toE164('555012', us), undefined, 'a NANP number has 10 digits');
    assert.equal(toE164('+1234567890123456', us), undefined, 'E.164 has at most 15 digits');
    assert.equal(toE164('*98', us), undefined);
  });

  test('the default country and center caps come from the environment; a bad value stops the start', () => {
    const settings = loadOutboundConfig({ OUTBOUND_COUNTRY_CODE: '44', OUTBOUND_MAX_CONCURRENT: '2' });
    assert.equal(settings.plan && toE164('02079460000', settings.plan), '+442079460000');
    assert.deepEqual(settings.limits, { maxConcurrent: 2, maxPerHour: 500 });
    assert.throws(() => loadOutboundConfig({ OUTBOUND_COUNTRY_CODE: '+44' }), /OUTBOUND_COUNTRY_CODE/);
    assert.throws(() => loadOutboundConfig({ OUTBOUND_MAX_PER_HOUR: 'lots' }), /OUTBOUND_MAX_PER_HOUR/);
  });

  test('classification: national, international, premium, high-risk', () => {
    assert.deepEqual(classify('+14155550123', us), { class: 'national' });
    assert.deepEqual(classify('+442079460000', us), { class: 'international' });
    assert.deepEqual(classify('+442079460000', uk), { class: 'national' });
    assert.deepEqual(classify('+19005550123', us), { class: 'premium' });
    assert.deepEqual(classify('+449098790000', uk), { class: 'premium' });
    assert.deepEqual(classify('+18765550123', us), { class: 'international', highRisk: '+1876' }, 'Jamaica looks national in the NANP');
    assert.deepEqual(classify('+8816000000', us), { class: 'international', highRisk: '+881' });
    assert.deepEqual(classify('+252612345678', uk), { class: 'international', highRisk: '+252' });
  });

  test('routes: first enabled by priority, prefix strip/add, failover statuses', () => {
    const r = (o: Partial<OutboundRoute>): OutboundRoute => ({ id: o.name ?? 'r', name: 'r', priority: 100, match_prefix: '', strip_digits: 0, add_prefix: '+', trunk_ids: ['t'], enabled: true, ...o });
    const routes = [r({ name: 'default' }), r({ name: 'uk', match_prefix: '+44', priority: 10 }), r({ name: 'off', match_prefix: '+4420', priority: 1, enabled: false })];
    assert.equal(selectRoute(routes, '+442079460000')?.name, 'uk');
    assert.equal(selectRoute(routes, '+14155550123')?.name, 'default');
    assert.equal(selectRoute([r({ match_prefix: '+44' })], '+14155550123'), undefined);
    assert.equal(dialString(r({}), '+442079460000'), '+442079460000');
    assert.equal(dialString(r({ strip_digits: 2, add_prefix: '0' }), '+442079460000'), '02079460000');
    assert.equal(dialString(r({ add_prefix: '00' }), '+442079460000'), '00442079460000');
    assert.deepEqual([503, 500, 408, 404, 486, 603, 480].map(isTrunkFailure), [true, true, true, false, false, false, false]);
  });
});

describe('toll-fraud guard (unit)', { timeout: 10_000 }, () => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (s: string) => { lines.push(JSON.parse(s) as Record<string, unknown>); } });
  const policy = (o: Partial<AgentOutboundPolicy> = {}): AgentOutboundPolicy => ({ agentId: 'a1', classes: ['national'], maxConcurrent: null, maxPerHour: null, ...o });

  test('classes and the high-risk list; every refusal is a security line', () => {
    const guard = new TollFraudGuard({ maxConcurrent: null, maxPerHour: null }, logger);
    assert.ok(guard.admit(policy(), { class: 'national' }, { to: '+14155550123' }).ok);
    const intl = guard.admit(policy(), { class: 'international' }, { to: '+442079460000' });
    assert.ok(!intl.ok && /international calls are not allowed/.test(intl.reason));
    const risky = guard.admit(policy({ classes: ['national', 'international', 'premium'] }), { class: 'international', highRisk: '+881' }, { to: '+8816000000' });
    assert.ok(!risky.ok && /high-risk/.test(risky.reason), 'the deny list holds whatever the classes');
    assert.equal(lines.filter((l) => l.security === 'outbound').length, 2);
  });

  test('per-agent and center-wide concurrency; release frees once', () => {
    const guard = new TollFraudGuard({ maxConcurrent: 3, maxPerHour: null }, logger);
    const a = guard.admit(policy({ maxConcurrent: 2 }), { class: 'national' }, { to: 'x' });
    const b = guard.admit(policy({ maxConcurrent: 2 }), { class: 'national' }, { to: 'x' });
    const c = guard.admit(policy({ maxConcurrent: 2 }), { class: 'national' }, { to: 'x' });
    assert.ok(a.ok && b.ok && !c.ok && /cap of 2 concurrent/.test(c.reason));
    assert.ok(guard.admit(policy({ agentId: 'a2' }), { class: 'national' }, { to: 'x' }).ok);
    const d = guard.admit(policy({ agentId: 'a3' }), { class: 'national' }, { to: 'x' });
    assert.ok(!d.ok && /center at its cap of 3/.test(d.reason));
    a.release();
    a.release();
    assert.equal(guard.concurrent('a1'), 1);
    assert.equal(guard.concurrent(), 2);
  });

  test('calls per hour, in a sliding hour', () => {
    let now = 0;
    const guard = new TollFraudGuard({ maxConcurrent: null, maxPerHour: 5 }, logger, () => now);
    for (let i = 0; i < 3; i++) {
      const ok = guard.admit(policy({ maxPerHour: 3 }), { class: 'national' }, { to: 'x' });
      assert.ok(ok.ok);
      ok.release();
    }
    const over = guard.admit(policy({ maxPerHour: 3 }), { class: 'national' }, { to: 'x' });
    assert.ok(!over.ok && /3 outbound calls per hour/.test(over.reason));
    assert.ok(guard.admit(policy({ agentId: 'a2' }), { class: 'national' }, { to: 'x' }).ok);
    assert.ok(guard.admit(policy({ agentId: 'a2' }), { class: 'national' }, { to: 'x' }).ok);
    const center = guard.admit(policy({ agentId: 'a3' }), { class: 'national' }, { to: 'x' });
    assert.ok(!center.ok && /center at its cap of 5/.test(center.reason));
    now += 3_600_001;
    assert.ok(guard.admit(policy({ maxPerHour: 3 }), { class: 'national' }, { to: 'x' }).ok, 'an hour later the agent may call again');
  });
});
