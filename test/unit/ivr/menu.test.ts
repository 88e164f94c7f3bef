// The menu verb on a fake caller and clock: a choice after the prompt, barge-in, retries on
// no input and on invalid input with their prompts, where exhausted retries lead, and the
// digits and results it leaves in the path.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { finish, startFlow } from './harness.js';

const PROMPT_MS = 2000;

function menuFlow(extra: Record<string, unknown> = {}) {
  return {
    start: 'main',
    nodes: {
      main: { verb: 'menu', prompt: 'Press 1 for sales, 2 for support', options: { 1: 'sales', 2: 'support' }, timeout_seconds: 5, ...extra },
      sales: { verb: 'queue', queue: 'sales' },
      support: { verb: 'queue', queue: 'support' },
      bye: { verb: 'hangup', reason: 'menu failed' },
      silent: { verb: 'hangup', reason: 'no input' },
      wrong: { verb: 'hangup', reason: 'wrong input' },
    },
  };
}

describe('menu verb', () => {
  it('branches on the digit pressed after the prompt', async () => {
    const run = startFlow(menuFlow(), { promptMs: PROMPT_MS });
    await run.clock.advance(PROMPT_MS + 1000);
    assert.equal(run.media.played[0]?.end, 'completed');
    run.media.press('2');
    const result = await finish(run);
    assert.deepEqual(result.outcome, { kind: 'queue', queue: 'support' });
    assert.deepEqual(result.path.map((s) => [s.node, s.digits, s.result]), [['main', '2', 'chosen'], ['support', undefined, undefined]]);
  });

  it('barge-in: a digit during the prompt stops it at once and is the choice', async () => {
    const run = startFlow(menuFlow(), { promptMs: PROMPT_MS });
    await run.clock.advance(700);
    run.media.press('1');
    const result = await finish(run);
    const prompt = run.media.played[0];
    assert.equal(prompt?.end, 'stopped');
    assert.equal((prompt?.endedAt ?? 0) - prompt!.startedAt, 700);
    assert.deepEqual(result.outcome, { kind: 'queue', queue: 'sales' });
  });

  it('without barge-in the prompt plays out and digits pressed meanwhile are discarded', async () => {
    const run = startFlow(menuFlow({ barge_in: false, retries: 0 }), { promptMs: PROMPT_MS });
    await run.clock.advance(700);
    run.media.press('1');
    await run.clock.advance(PROMPT_MS);
    assert.equal(run.media.played[0]?.end, 'completed');
    assert.equal(run.finished, false, 'the early digit must not choose');
    run.media.press('2');
    assert.deepEqual((await finish(run)).outcome, { kind: 'queue', queue: 'support' });
  });

  it('no input: plays the no-input prompt and asks again, then takes the choice', async () => {
    const run = startFlow(menuFlow({ no_input_prompt: 'I did not hear you' }), { promptMs: PROMPT_MS });
    await run.clock.advance(PROMPT_MS + 5000); // prompt, then the whole timeout
    assert.deepEqual(run.media.labels, ['Press 1 for sales, 2 for support', 'I did not hear you']);
    await run.clock.advance(PROMPT_MS + PROMPT_MS); // complaint, then the prompt again
    assert.equal(run.media.played.length, 3);
    run.media.press('1');
    const result = await finish(run);
    assert.deepEqual(result.outcome, { kind: 'queue', queue: 'sales' });
    assert.deepEqual([result.path[0]?.digits, result.path[0]?.result], ['1', 'chosen']);
  });

  it('timeout is measured from the end of the prompt', async () => {
    const run = startFlow(menuFlow({ retries: 0, on_timeout: 'silent' }), { promptMs: PROMPT_MS });
    await run.clock.advance(PROMPT_MS + 4900);
    assert.equal(run.finished, false);
    await run.clock.advance(200);
    assert.deepEqual((await finish(run)).outcome, { kind: 'hangup', reason: 'no input' });
  });

  it('invalid input: plays the invalid prompt, drops the rest of the entry, asks again', async () => {
    const run = startFlow(menuFlow({ invalid_prompt: 'That is not an option' }), { promptMs: PROMPT_MS });
    await run.clock.advance(PROMPT_MS);
    run.media.press('97');
    await run.clock.advance(10);
    assert.deepEqual(run.media.labels, ['Press 1 for sales, 2 for support', 'That is not an option']);
    await run.clock.advance(PROMPT_MS * 2);
    assert.equal(run.finished, false, 'the 7 typed after the 9 must have been dropped');
    run.media.press('2');
    const result = await finish(run);
    assert.deepEqual(result.outcome, { kind: 'queue', queue: 'support' });
    assert.equal(result.path[0]?.digits, '92');
  });

  it('after the last retry: on_invalid / on_timeout by the last failure, else on_failure, else hang up', async () => {
    const invalid = startFlow(menuFlow({ retries: 1, on_invalid: 'wrong', on_timeout: 'silent' }), { promptMs: PROMPT_MS });
    for (let i = 0; i < 2; i++) {
      await invalid.clock.advance(PROMPT_MS);
      invalid.media.press('5');
    }
    const r1 = await finish(invalid);
    assert.deepEqual(r1.outcome, { kind: 'hangup', reason: 'wrong input' });
    assert.deepEqual([r1.path[0]?.digits, r1.path[0]?.result], ['55', 'invalid:failed']);
    assert.equal(invalid.media.played.length, 2, 'prompt once per attempt');

    const timedOut = startFlow(menuFlow({ retries: 2, on_failure: 'bye' }), { promptMs: PROMPT_MS });
    await timedOut.clock.advance(3 * (PROMPT_MS + 5000));
    assert.deepEqual((await finish(timedOut)).outcome, { kind: 'hangup', reason: 'menu failed' });
    assert.equal(timedOut.media.played.length, 3);

    const nowhere = startFlow(menuFlow({ retries: 0 }), { promptMs: PROMPT_MS });
    await nowhere.clock.advance(PROMPT_MS + 5000);
    assert.deepEqual((await finish(nowhere)).outcome, { kind: 'hangup', reason: 'no valid input (timeout)' });
  });

  it('type-ahead: a digit pressed before the menu (say with barge-in) skips its prompt', async () => {
    const run = startFlow({
      start: 'hello',
      nodes: {
        hello: { verb: 'say', text: 'Hello', barge_in: true, next: 'main' },
        ...menuFlow().nodes,
      },
    }, { promptMs: PROMPT_MS });
    await run.clock.advance(300);
    run.media.press('2');
    const result = await finish(run);
    assert.deepEqual(result.outcome, { kind: 'queue', queue: 'support' });
    assert.deepEqual(result.path.map((s) => [s.node, s.digits, s.result]), [['hello', undefined, 'interrupted'], ['main', '2', 'chosen'], ['support', undefined, undefined]]);
    assert.deepEqual(run.media.labels, ['Hello'], 'the menu prompt is not even started');
    assert.equal(run.media.played[0]?.end, 'stopped');
  });
});
