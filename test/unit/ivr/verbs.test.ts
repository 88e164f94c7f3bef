// Each verb on the fakes (menu has its own file): what it plays, what it returns, what it
// leaves in the variables and the path.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isScheduleOpen, type Schedule } from '../../../server/db/schedule-hours.js';
import { FakeClock } from './fakes.js';
import { finish, startFlow } from './harness.js';

const uuid = '0b7c6a5e-4f1d-4c1a-9f53-2d7e8a9b1c2d';
const queueSales = { verb: 'queue', queue: 'sales' };

describe('say and play', () => {
  it('say speaks the text with its variables and voice, then goes on; the end of the flow hangs up', async () => {
    const run = startFlow({
      start: 's',
      nodes: { s: { verb: 'say', text: 'Hello {{name}}, {{ missing }}bye', voice: 'en-gb', next: 't' }, t: { verb: 'say', text: 'Done' } },
    }, { variables: { name: 'Ada' }, promptMs: 1000 });
    await run.clock.advance(2000);
    const result = await finish(run);
    assert.deepEqual(run.media.played.map((p) => p.source), [{ text: 'Hello Ada, bye', voice: 'en-gb' }, { text: 'Done' }]);
    assert.deepEqual(result.outcome, { kind: 'hangup', reason: 'end-of-flow' });
  });

  it('say without barge-in plays out and discards digits pressed meanwhile', async () => {
    const run = startFlow({
      start: 's',
      nodes: { s: { verb: 'say', text: 'Listen', next: 'g' }, g: { verb: 'gather', variable: 'd', max_digits: 1, retries: 0, next: 'q', on_failure: 'bye' }, q: queueSales, bye: { verb: 'hangup' } },
    }, { promptMs: 1000 });
    await run.clock.advance(500);
    run.media.press('5');
    await run.clock.advance(500 + 5000);
    const result = await finish(run);
    assert.equal(run.media.played[0]?.end, 'completed');
    assert.deepEqual(result.outcome, { kind: 'hangup', reason: 'hangup-verb' });
  });

  it('play resolves a prompt id through the resolver; an unknown one is skipped with a warning', async () => {
    const known = startFlow({ start: 'p', nodes: { p: { verb: 'play', prompt_id: uuid, next: 'q' }, q: queueSales } }, {
      prompts: async (id) => (id === uuid ? { file: '/prompts/welcome.wav' } : undefined), promptMs: 700,
    });
    await known.clock.advance(700);
    assert.deepEqual((await finish(known)).outcome, { kind: 'queue', queue: 'sales' });
    assert.deepEqual(known.media.labels, ['/prompts/welcome.wav']);

    const unknown = startFlow({ start: 'p', nodes: { p: { verb: 'play', prompt_id: uuid, next: 'q' }, q: queueSales } }, { prompts: async () => undefined });
    assert.deepEqual((await finish(unknown)).outcome, { kind: 'queue', queue: 'sales' });
    assert.deepEqual(unknown.media.played, []);
    assert.match(unknown.warnings.join(), /prompt not found/);
    assert.equal((await unknown.result).path[0]?.result, 'skipped');
  });
});

describe('queue, hangup, goto, set', () => {
  it('queue ends the IVR with the queue and priority; hangup with its reason', async () => {
    assert.deepEqual((await finish(startFlow({ start: 'q', nodes: { q: { verb: 'queue', queue: 'vip', priority: 9 } } }))).outcome, { kind: 'queue', queue: 'vip', priority: 9 });
    assert.deepEqual((await finish(startFlow({ start: 'h', nodes: { h: { verb: 'hangup', reason: 'closed' } } }))).outcome, { kind: 'hangup', reason: 'closed' });
  });

  it('set assigns variables (with placeholders) that end up in the result; goto jumps', async () => {
    const result = await finish(startFlow({
      start: 'a',
      nodes: { a: { verb: 'set', variables: { lang: 'en', tag: '{{lang}}-{{caller}}' }, next: 'b' }, b: { verb: 'goto', target: 'q' }, q: queueSales },
    }, { variables: { caller: '+15550100' } }));
    assert.deepEqual(result.variables, { caller: '+15550100', lang: 'en', tag: 'en-+15550100' });
    assert.deepEqual(result.path.map((s) => s.node), ['a', 'b', 'q']);
  });
});

describe('gather', () => {
  const flow = (extra: Record<string, unknown> = {}) => ({
    start: 'g',
    nodes: {
      g: { verb: 'gather', prompt: 'Enter your account', variable: 'account', max_digits: 6, min_digits: 4, terminator: '#', inter_digit_timeout_seconds: 2, ...extra, next: 'q' },
      q: queueSales,
      bye: { verb: 'hangup', reason: 'no account' },
    },
  });

  /** Starts the gather, lets its 1 s prompt play, then presses `digits`. */
  async function enter(digits: string, extra: Record<string, unknown> = {}) {
    const run = startFlow(flow(extra), { promptMs: 1000 });
    await run.clock.advance(1000);
    run.media.press(digits);
    return run;
  }

  it('collects up to the terminator, which is not stored', async () => {
    const result = await finish(await enter('1234#'));
    assert.equal(result.variables.account, '1234');
    assert.deepEqual([result.path[0]?.digits, result.path[0]?.result], ['1234#', 'collected']);
  });

  it('stops at max_digits, and after an inter-digit pause', async () => {
    assert.equal((await finish(await enter('12345678'))).variables.account, '123456');

    const paused = await enter('98765');
    await paused.clock.advance(1900);
    assert.equal(paused.finished, false);
    await paused.clock.advance(200);
    assert.equal((await finish(paused)).variables.account, '98765');
  });

  it('a terminator alone is an invalid entry, not a timeout', async () => {
    const run = await enter('#', { retries: 0, on_invalid: 'bye', on_timeout: 'q' });
    assert.deepEqual((await finish(run)).outcome, { kind: 'hangup', reason: 'no account' });
  });

  it('barge-in: the first digit stops the prompt and counts', async () => {
    const run = startFlow(flow(), { promptMs: 3000 });
    await run.clock.advance(400);
    run.media.press('4321#');
    const result = await finish(run);
    assert.equal(result.variables.account, '4321');
    assert.equal(run.media.played[0]?.end, 'stopped');
  });

  it('too few digits is invalid and asked again; out of retries goes to on_failure', async () => {
    const run = await enter('12#', { retries: 1, invalid_prompt: 'Too short', on_failure: 'bye' });
    await run.clock.advance(2000); // complaint + prompt again
    assert.deepEqual(run.media.labels, ['Enter your account', 'Too short', 'Enter your account']);
    run.media.press('3#');
    await run.clock.advance(1000);
    const result = await finish(run);
    assert.deepEqual(result.outcome, { kind: 'hangup', reason: 'no account' });
    assert.equal(result.variables.account, undefined);
    assert.deepEqual([result.path[0]?.digits, result.path[0]?.result], ['12#3#', 'invalid:failed']);
  });
});

describe('hours', () => {
  // Europe/Berlin, Mon–Fri 09:00–17:00, closed on 2026-12-25.
  const schedule: Schedule = {
    time_zone: 'Europe/Berlin',
    weekly_hours: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
    holidays: [{ date: '2026-12-25' }],
  };

  it('evaluates weekly hours in the schedule\'s time zone, closes on holidays', () => {
    assert.equal(isScheduleOpen(schedule, Date.parse('2026-11-23T08:00:00Z')), true, 'Mon 09:00 Berlin');
    assert.equal(isScheduleOpen(schedule, Date.parse('2026-11-23T07:59:00Z')), false, 'Mon 08:59 Berlin');
    assert.equal(isScheduleOpen(schedule, Date.parse('2026-11-23T16:00:00Z')), false, 'Mon 17:00 Berlin: close is exclusive');
    assert.equal(isScheduleOpen(schedule, Date.parse('2026-11-22T12:00:00Z')), false, 'Sunday');
    assert.equal(isScheduleOpen(schedule, Date.parse('2026-12-25T10:00:00Z')), false, 'holiday (a Friday)');
    assert.equal(isScheduleOpen(schedule, Date.parse('2026-07-01T07:30:00Z')), true, 'summer time: 09:30 Berlin');
    assert.equal(isScheduleOpen({ ...schedule, weekly_hours: [{ day: 1, open: '00:00', close: '24:00' }] }, Date.parse('2026-11-23T22:59:00Z')), true, '23:59 within 00:00-24:00');
  });

  it('branches to on_open or on_closed, and says so in the path', async () => {
    const nodes = { h: { verb: 'hours', schedule_id: uuid, on_open: 'open', on_closed: 'closed' }, open: { verb: 'hangup', reason: 'open' }, closed: { verb: 'hangup', reason: 'closed' } };
    const at = async (iso: string) => {
      const clock = new FakeClock();
      clock.set(Date.parse(iso));
      const result = await finish(startFlow({ start: 'h', nodes }, { clock, schedules: async (id) => (id === uuid ? schedule : undefined) }));
      return [result.outcome.kind === 'hangup' ? result.outcome.reason : '', result.path[0]?.result];
    };
    assert.deepEqual(await at('2026-11-24T10:00:00Z'), ['open', 'open']);
    assert.deepEqual(await at('2026-11-24T20:00:00Z'), ['closed', 'closed']);
    const unknown = await finish(startFlow({ start: 'h', nodes }, { schedules: async () => undefined }));
    assert.deepEqual([unknown.outcome, unknown.path[0]?.result], [{ kind: 'hangup', reason: 'closed' }, 'unknown-schedule']);
  });
});
