// gather's entry checks: a pattern on the whole entry and a Luhn check digit. A failing entry
// is invalid: the invalid prompt plays and the caller is asked again, up to the retries, then
// on_invalid. Patterns that could backtrack without end are refused when the flow is saved.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateIvrFlow } from '../../../../server/ivr/index.js';
import { luhnValid } from '../../../../server/ivr/entry-check.js';
import { finish, startFlow } from '../harness.js';

const flow = (extra: Record<string, unknown>) => ({
  start: 'g',
  nodes: {
    g: { verb: 'gather', prompt: 'Enter your card', variable: 'card', max_digits: 16, min_digits: 4, terminator: '#', retries: 1, invalid_prompt: 'That is not valid', on_invalid: 'bad', ...extra, next: 'q' },
    q: { verb: 'queue', queue: 'sales' },
    bad: { verb: 'hangup', reason: 'invalid card' },
  },
});

/** Plays the 1 s prompt, enters `first`; if `second` is given, waits for the complaint and the prompt again and enters it. */
async function entries(extra: Record<string, unknown>, first: string, second?: string) {
  const run = startFlow(flow(extra), { promptMs: 1000 });
  await run.clock.advance(1000);
  run.media.press(first);
  if (second !== undefined) {
    await run.clock.advance(2000);
    run.media.press(second);
  }
  await run.clock.advance(1000);
  return { run, result: await finish(run) };
}

describe('gather validation', { timeout: 10_000 }, () => {
  it('Luhn: known valid and invalid numbers', () => {
    for (const n of ['79927398713', '4111111111111111', '5500005555555559', '0000']) assert.equal(luhnValid(n), true, n);
    for (const n of ['79927398710', '4111111111111112', '1234', '7', '12a4']) assert.equal(luhnValid(n), false, n);
  });

  it('an entry passing pattern and check digit is collected', async () => {
    const { result, run } = await entries({ pattern: '4[0-9]{15}', check_digit: 'luhn' }, '4111111111111111');
    assert.equal(result.variables.card, '4111111111111111');
    assert.deepEqual(result.outcome, { kind: 'queue', queue: 'sales' });
    assert.deepEqual(run.media.labels, ['Enter your card']);
  });

  it('a wrong check digit is invalid: complaint, asked again, the corrected entry is collected', async () => {
    const { result, run } = await entries({ check_digit: 'luhn' }, '79927398710#', '79927398713#');
    assert.equal(result.variables.card, '79927398713');
    assert.deepEqual(run.media.labels, ['Enter your card', 'That is not valid', 'Enter your card']);
    assert.deepEqual(result.path[0]?.result, 'collected');
  });

  it('a pattern is matched against the whole entry; out of retries goes to on_invalid', async () => {
    const { result, run } = await entries({ pattern: '(07|08)[0-9]{3}' }, '0912345#', '107123#');
    assert.deepEqual(result.outcome, { kind: 'hangup', reason: 'invalid card' });
    assert.equal(result.variables.card, undefined);
    assert.equal(result.path[0]?.result, 'invalid:failed');
    assert.deepEqual(run.media.labels, ['Enter your card', 'That is not valid', 'Enter your card', 'That is not valid']);
    const ok = await entries({ pattern: '(07|08)[0-9]{3}' }, '08123#');
    assert.equal(ok.result.variables.card, '08123');
  });

  it('length still applies before the checks', async () => {
    const { result } = await entries({ check_digit: 'luhn', retries: 0 }, '00#');
    assert.deepEqual(result.outcome, { kind: 'hangup', reason: 'invalid card' });
  });

  const errors = (extra: Record<string, unknown>) => {
    const checked = validateIvrFlow(flow(extra));
    return checked.ok ? [] : checked.errors.map((e) => `${e.path}: ${e.message}`);
  };

  it('takes safe patterns: digits, * #, \\d, classes, alternation, counted repeats', () => {
    for (const pattern of ['4[0-9]{15}', '(07|08)\\d{8}', '[1-9][0-9]*', '\\*[0-9]{2,4}', '1|22|333']) assert.deepEqual(errors({ pattern }), [], pattern);
  });

  for (const [pattern, message] of [
    ['(1+)+', 'must not put a quantifier on a group (it can backtrack without end)'],
    ['(1|11)*', 'must not put a quantifier on a group (it can backtrack without end)'],
    ['\\d*\\d*\\d*\\d*\\d*', 'must have at most 4 quantifiers'],
    ['(?=1)1', 'may hold only digits, * #, \\d, [classes], ( | ), and ? + * {n,m}'],
    ['[a-z]+', 'may hold only digits, * #, \\d, [classes], ( | ), and ? + * {n,m}'],
    ['(1)\\1', 'may escape only \\d and the pattern\'s own symbols'],
    ['[0-9', 'is not a valid pattern: Invalid regular expression: /[0-9/: Unterminated character class'],
    ['1'.repeat(65), 'must be at most 64 characters'],
  ] as const) {
    it(`refuses the pattern ${pattern.slice(0, 20)} on nodes.g.pattern`, () => assert.deepEqual(errors({ pattern }), [`nodes.g.pattern: ${message}`]));
  }

  it('check_digit names a known scheme', () => {
    assert.deepEqual(errors({ check_digit: 'mod97' }), ['nodes.g.check_digit: must be one of: luhn']);
  });
});
