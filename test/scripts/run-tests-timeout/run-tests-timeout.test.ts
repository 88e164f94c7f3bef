// The test runner never sits silent: a test file that hangs after its tests (a timer and a child
// process left open) fails within its time limit, naming the file, what was still open and the
// child; its process group is killed; the run goes on with the next file, a file that leaves a
// process behind fails naming it, the end repeats each failed test's error, and prints the total time and `N passed, N failed`.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processesMatching } from '../../helpers/processes.js';

const runner = fileURLToPath(new URL('../../../../scripts/run-tests.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'switchboard-runner-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// CommonJS fixtures (no package.json in the temp dir), named so the order is a, b, c.
const marker = `sleep-marker-${process.pid}`; // in the command lines of the fixtures' children
writeFileSync(join(dir, 'a-hangs.test.js'), `
const { test } = require('node:test');
const { spawn } = require('node:child_process');
test('passes, then the file never ends', () => {
  setInterval(() => {}, 1000);
  spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300000)', 'hung-${marker}'], { stdio: 'ignore' });
});
`);
writeFileSync(join(dir, 'b-passes.test.js'), `
const { test } = require('node:test');
test('one', () => {});
test('two', () => {});
`);
writeFileSync(join(dir, 'c-leaves-a-process.test.js'), `
const { test } = require('node:test');
const { spawn } = require('node:child_process');
test('starts a process it never stops', () => {
  spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300000)', 'stray-${marker}'], { stdio: 'ignore' }).unref();
});
`);

writeFileSync(join(dir, 'd-fails.test.js'), `
const { test } = require('node:test');
test('asserts and fails', () => { throw new Error('why-d-failed-${marker}'); });
`);

describe('run-tests.mjs per-file timeout', { timeout: 60_000 }, () => {
  test('a hung file fails in time naming itself and what was open; the run goes on and fails at the end', async () => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [runner, '0', dir], {
      // A database URL skips the throwaway Postgres (the fixtures need none); the filter skips lint.
      env: { ...process.env, TEST_FILES_DIR: dir, TEST_FILE_TIMEOUT_MS: '3000', DATABASE_URL: 'postgres://unused@127.0.0.1:1/none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const ms = Date.now() - t0;
    console.log(`runner finished in ${ms} ms with a 3 s per-file limit`);
    assert.equal(code, 1, out);
    assert.ok(ms < 20_000, `took ${ms} ms`);
    assert.match(out, /a-hangs\.test\.js: timed out after 3 s/);
    assert.match(out, /\[watchdog\] pid \d+ still open: .*Timeout/, 'names the open timer');
    assert.match(out, new RegExp(`child process \\d+ \\S+ -e .* hung-${marker}`), 'names the child process');
    assert.match(out, /✔ one/, 'the next file ran');
    assert.match(out, /c-leaves-a-process\.test\.js: left 1 process\(es\) running, killed now:\n.*stray-sleep-marker/);
    // The end repeats why a failed file failed, after the list of failed files.
    const end = out.slice(out.lastIndexOf('file(s) failed:'));
    assert.match(end, /d-fails\.test\.js: exit code 1\n(.*\n)*.*asserts and fails(.*\n)*.*why-d-failed-/);
    assert.match(out, /\[test\] 4 file\(s\) in \d+\.\d s/);
    // The hung file never printed its counts: it counts as one failure; b passes 2, c passes 1 and fails on its stray, d fails.
    assert.match(out, /^3 passed, 3 failed$/m);
    assert.deepEqual(processesMatching(marker), [], 'the hung file\'s group and the stray were killed');
  });
});
