// test-file-timeout: 10 s
// The softphone's time formats (softphone/src/ui/clock.ts): elapsed time as mm:ss cut to the
// second (call, hold and state timers), and time left as m:ss rounded up (the wrap-up
// countdown: "Wrap-up 0:27 left" shows 0:00 only when the time is up).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatElapsed, formatTimeLeft } from '../../../softphone/src/ui/clock.js';

describe('softphone clock formats', { timeout: 10_000 }, () => {
  it('elapsed: mm:ss, whole seconds cut, minutes past the hour kept', () => {
    assert.equal(formatElapsed(0), '00:00');
    assert.equal(formatElapsed(999), '00:00');
    assert.equal(formatElapsed(1000), '00:01');
    assert.equal(formatElapsed(65_400), '01:05');
    assert.equal(formatElapsed(3_725_000), '62:05');
    assert.equal(formatElapsed(-5000), '00:00', 'a since in the future (clock skew) is no negative time');
  });

  it('time left: m:ss rounded up, 0:00 once it is up, h:mm:ss from an hour', () => {
    assert.equal(formatTimeLeft(30_000), '0:30');
    assert.equal(formatTimeLeft(26_100), '0:27');
    assert.equal(formatTimeLeft(1), '0:01', 'a moment left is not shown as up');
    assert.equal(formatTimeLeft(0), '0:00');
    assert.equal(formatTimeLeft(-2000), '0:00', 'past the end stays at 0:00');
    assert.equal(formatTimeLeft(90_000), '1:30');
    assert.equal(formatTimeLeft(3_600_000), '1:00:00');
    assert.equal(formatTimeLeft(3_661_000), '1:01:01');
  });
});
