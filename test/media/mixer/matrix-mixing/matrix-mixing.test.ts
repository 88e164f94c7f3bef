// Unit test of the pure mixing step and the preset matrices: gains apply per listener,
// sums saturate at 16 bits, and each preset says exactly who hears whom.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mixFrames, FRAME_SAMPLES } from '../../../../media/mixer/mix-frame.js';
import { conference, consult, withMonitor } from '../../../../media/mixer/matrices.js';

const frame = (v: number): Int16Array => new Int16Array(FRAME_SAMPLES).fill(v);

describe('mixer matrix mixing', { timeout: 10_000 }, () => {
  test('each listener gets its row of gains; missing input is silence', () => {
    const [a, b, c] = mixFrames([frame(1000), frame(-300), null], [[0, 1, 1], [0.5, 0, 1], [1, 2, 0]]);
    assert.equal(a?.[0], -300);
    assert.equal(b?.[5], 500);
    assert.equal(c?.[159], 400);
  });

  test('sums clip at 16 bits instead of wrapping', () => {
    const [hi, lo] = mixFrames([frame(30000), frame(20000), frame(-30000)], [[1, 1, 0], [0, 0, 2]]);
    assert.equal(hi?.[0], 32767);
    assert.equal(lo?.[0], -32768);
  });

  test('presets: who hears whom', () => {
    assert.deepEqual(conference(['x', 'y', 'z']), { x: { y: 1, z: 1 }, y: { x: 1, z: 1 }, z: { x: 1, y: 1 } });
    const over = (mode: 'listen' | 'whisper' | 'barge', base = conference(['c', 'a'])) => withMonitor(base, { supervisor: 's', others: ['c', 'a'], agents: ['a'], mode });
    assert.deepEqual(over('listen'), { c: { a: 1 }, a: { c: 1 }, s: { c: 1, a: 1 } });
    assert.deepEqual(over('whisper'), { c: { a: 1 }, a: { c: 1, s: 1 }, s: { c: 1, a: 1 } });
    assert.deepEqual(over('barge'), conference(['c', 'a', 's']));
    // Over a consult's mix (the caller on music): the held caller still hears only the music while whispered over.
    assert.deepEqual(withMonitor({ c: { m: 1 }, a: { t: 1 }, t: { a: 1 } }, { supervisor: 's', others: ['c', 'a', 't'], agents: ['a', 't'], mode: 'whisper' }),
      { c: { m: 1 }, a: { t: 1, s: 1 }, t: { a: 1, s: 1 }, s: { c: 1, a: 1, t: 1 } });
    assert.deepEqual(consult({ caller: 'c', agent: 'a', target: 't' }), { c: {}, a: { t: 1 }, t: { a: 1 } });
  });
});
