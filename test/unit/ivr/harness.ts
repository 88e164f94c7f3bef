// Runs a flow on the fakes: validate, start the session, and give the test the clock and the
// caller to drive while it runs.
import assert from 'node:assert/strict';
import { IvrSession, validateIvrFlow, type IvrResult, type IvrSessionOptions } from '../../../server/ivr/index.js';
import { FakeCallMedia, FakeClock, settle } from './fakes.js';

export interface Run {
  clock: FakeClock;
  media: FakeCallMedia;
  warnings: string[];
  result: Promise<IvrResult>;
  /** Whether the session has finished. */
  readonly finished: boolean;
}

export function startFlow(json: unknown, options: Partial<Omit<IvrSessionOptions, 'flow' | 'media' | 'clock'>> & { promptMs?: number; clock?: FakeClock } = {}): Run {
  const checked = validateIvrFlow(json);
  if (!checked.ok) assert.fail(`flow invalid: ${JSON.stringify(checked.errors)}`);
  const clock = options.clock ?? new FakeClock();
  const media = new FakeCallMedia(clock);
  if (options.promptMs !== undefined) media.promptMs = options.promptMs;
  const warnings: string[] = [];
  const log = { warn: (_: object, m: string) => warnings.push(m), error: (_: object, m: string) => warnings.push(m) };
  const session = new IvrSession({ log, ...options, flow: checked.flow, media, clock });
  let finished = false;
  const result = session.run().finally(() => (finished = true));
  return { clock, media, warnings, result, get finished() { return finished; } };
}

/** Awaits the result and checks the session left no timer or listener behind. */
export async function finish(run: Run): Promise<IvrResult> {
  await settle();
  assert.ok(run.finished, 'the session has not finished');
  const result = await run.result;
  assert.equal(run.clock.pendingTimers, 0, 'timers left pending');
  assert.equal(run.media.listeners, 0, 'media listeners left subscribed');
  return result;
}
