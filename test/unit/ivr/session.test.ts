// The interpreter: path recording, caller hangup at any point (mid-prompt, while waiting for
// digits, during a lookup) ends the run with nothing left pending, the loop guard, and
// failures that must not crash the call.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IvrSession, ivrPathForRecord, validateIvrFlow } from '../../../server/ivr/index.js';
import { FakeCallMedia, FakeClock, settle } from './fakes.js';
import { finish, startFlow } from './harness.js';

const uuid = '0b7c6a5e-4f1d-4c1a-9f53-2d7e8a9b1c2d';

const mainFlow = {
  start: 'welcome',
  nodes: {
    welcome: { verb: 'say', text: 'Welcome', next: 'main' },
    main: { verb: 'menu', prompt: 'Press 1 for sales', options: { 1: 'sales', 9: 'again' }, on_failure: 'bye' },
    again: { verb: 'goto', target: 'main' },
    sales: { verb: 'queue', queue: 'sales' },
    bye: { verb: 'hangup' },
  },
};

describe('IvrSession', () => {
  it('records the path: nodes, verbs, times, digits', async () => {
    const run = startFlow(mainFlow, { promptMs: 1000 });
    await run.clock.advance(1500);
    run.media.press('9');
    await run.clock.advance(300);
    run.media.press('1');
    const result = await finish(run);
    assert.deepEqual(result.outcome, { kind: 'queue', queue: 'sales' });
    assert.deepEqual(result.path.map((s) => `${s.node}:${s.verb}:${s.digits ?? ''}`), ['welcome:say:', 'main:menu:9', 'again:goto:', 'main:menu:1', 'sales:queue:']);
    assert.deepEqual(ivrPathForRecord(result.path), ['welcome', 'main 9 (chosen)', 'again', 'main 1 (chosen)', 'sales']);
    const t0 = result.path[0]?.at ?? 0;
    assert.deepEqual(result.path.map((s) => s.at - t0), [0, 1000, 1500, 1500, 1800]);
  });

  it('caller hangs up mid-prompt: the prompt is stopped, no timer or listener is left', async () => {
    const run = startFlow(mainFlow, { promptMs: 3000 });
    await run.clock.advance(1200);
    run.media.hangup();
    const result = await finish(run);
    assert.deepEqual(result.outcome, { kind: 'caller-hangup' });
    assert.equal(run.media.played[0]?.end, 'stopped');
    assert.deepEqual(result.path.map((s) => s.node), ['welcome']);
  });

  it('caller hangs up while the menu waits for a digit (and during barge-in)', async () => {
    const waiting = startFlow(mainFlow, { promptMs: 1000 });
    await waiting.clock.advance(2000 + 1500);
    waiting.media.hangup();
    assert.deepEqual((await finish(waiting)).outcome, { kind: 'caller-hangup' });

    const bargeIn = startFlow(mainFlow, { promptMs: 1000 });
    await bargeIn.clock.advance(1500);
    bargeIn.media.hangup();
    assert.deepEqual((await finish(bargeIn)).outcome, { kind: 'caller-hangup' });
    assert.equal(bargeIn.media.played[1]?.end, 'stopped');
  });

  it('caller hangs up while a prompt is being started: the run ends, the late prompt is stopped', async () => {
    const clock = new FakeClock();
    const media = new FakeCallMedia(clock);
    let release!: () => void;
    media.gate = new Promise((r) => (release = r));
    const checked = validateIvrFlow(mainFlow);
    assert.ok(checked.ok);
    const running = new IvrSession({ flow: checked.flow, media, clock }).run();
    await settle();
    media.hangup();
    assert.deepEqual((await running).outcome, { kind: 'caller-hangup' });
    release();
    await settle();
    assert.deepEqual(media.played.map((p) => p.end), ['stopped']);
    assert.equal(clock.pendingTimers, 0);
  });

  it('caller hangs up during a slow schedule lookup: the run ends without waiting for it', async () => {
    const run = startFlow({ start: 'h', nodes: { h: { verb: 'hours', schedule_id: uuid, on_open: 'x', on_closed: 'x' }, x: { verb: 'hangup' } } }, {
      schedules: () => new Promise(() => undefined),
    });
    await settle();
    run.media.hangup();
    assert.deepEqual((await finish(run)).outcome, { kind: 'caller-hangup' });
  });

  it('a digit after the hangup changes nothing', async () => {
    const run = startFlow(mainFlow, { promptMs: 1000 });
    await run.clock.advance(500);
    run.media.hangup();
    run.media.press('1');
    assert.deepEqual((await finish(run)).outcome, { kind: 'caller-hangup' });
  });

  it('loop guard: a flow that never ends stops after maxSteps with an error outcome', async () => {
    const run = startFlow({ start: 'a', nodes: { a: { verb: 'goto', target: 'b' }, b: { verb: 'set', variables: { x: '1' }, next: 'a' } } }, { maxSteps: 50 });
    const result = await finish(run);
    assert.deepEqual(result.outcome, { kind: 'error', reason: 'loop guard: more than 50 steps' });
    assert.equal(result.path.length, 50);
    assert.match(run.warnings.join('\n'), /loop guard/);
  });

  it('loop guard also bounds a caller circling through a menu', async () => {
    const run = startFlow(mainFlow, { promptMs: 100, maxSteps: 10 });
    for (let i = 0; i < 10 && !run.finished; i++) {
      await run.clock.advance(50);
      run.media.press('9');
    }
    assert.deepEqual((await finish(run)).outcome, { kind: 'error', reason: 'loop guard: more than 10 steps' });
  });

  it('a prompt that cannot be played is logged and skipped; the flow goes on', async () => {
    const run = startFlow({ start: 'p', nodes: { p: { verb: 'play', file: '/missing/file.wav', next: 'q' }, q: { verb: 'queue', queue: 'sales' } } });
    run.media.failing.add('/missing/file.wav');
    assert.deepEqual((await finish(run)).outcome, { kind: 'queue', queue: 'sales' });
    assert.match(run.warnings.join('\n'), /could not be played/);
  });

  it('a broken schedule counts as closed and is logged', async () => {
    const run = startFlow({ start: 'h', nodes: { h: { verb: 'hours', schedule_id: uuid, on_open: 'o', on_closed: 'c' }, o: { verb: 'hangup', reason: 'open' }, c: { verb: 'hangup', reason: 'closed' } } }, {
      schedules: async () => ({ time_zone: 'Not/AZone', weekly_hours: [], holidays: [] }),
    });
    const result = await finish(run);
    assert.deepEqual(result.outcome, { kind: 'hangup', reason: 'closed' });
    assert.equal(result.path[0]?.result, 'unknown-schedule');
    assert.match(run.warnings.join('\n'), /schedule lookup failed/);
  });

  it('a verb that throws ends the run with an error outcome, not a crash', async () => {
    const clock = new FakeClock();
    const broken = { run: async (): Promise<never> => { throw new Error('boom'); } };
    const flow = { start: 'x', nodes: new Map([['x', { id: 'x', verb: 'custom', step: broken }]]) };
    const errors: string[] = [];
    const log = { warn: () => undefined, error: (_: object, m: string) => errors.push(m) };
    const result = await new IvrSession({ flow, media: new FakeCallMedia(clock), clock, log }).run();
    assert.deepEqual(result.outcome, { kind: 'error', reason: 'custom at x failed: boom' });
    assert.deepEqual(errors, ['IVR verb failed']);
  });

  it('runs once', async () => {
    const clock = new FakeClock();
    const checked = validateIvrFlow({ start: 'x', nodes: { x: { verb: 'hangup' } } });
    assert.ok(checked.ok);
    const session = new IvrSession({ flow: checked.flow, media: new FakeCallMedia(clock), clock });
    assert.deepEqual((await session.run()).outcome, { kind: 'hangup', reason: 'hangup-verb' });
    await assert.rejects(session.run(), /runs once/);
  });
});
