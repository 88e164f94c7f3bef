// Bootstrap's apt step retries a failed fetch once (apt-get update, then install --fix-missing)
// and then gives up naming the packages. The retry order is pure logic, so apt-get is a
// stand-in that fails as a flaky mirror would; the real apt-get is not run.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface AptResult { ok: boolean; status: number; attempts: number; message?: string }
type AptInstall = (pkgs: string[], apt: (argv: string[]) => number, log: (line: string) => void) => AptResult;
const modulePath = fileURLToPath(new URL('../../../../scripts/apt-install.mjs', import.meta.url));
const load = async (): Promise<AptInstall> => (await import(pathToFileURL(modulePath).href) as { aptInstall: AptInstall }).aptInstall;

function flakyApt(failures: number): { apt: (argv: string[]) => number; calls: string[] } {
  const calls: string[] = [];
  let left = failures;
  return {
    calls,
    apt: (argv) => {
      calls.push(argv.filter((a) => !a.startsWith('-') || a === '--fix-missing').join(' '));
      if (argv[0] === 'install' && left > 0) { left--; return 100; }
      return 0;
    },
  };
}

describe('bootstrap apt retry', { timeout: 10_000 }, () => {
  test('a failed fetch is retried once with update and --fix-missing, and then succeeds', async () => {
    const aptInstall = await load();
    const { apt, calls } = flakyApt(1);
    const lines: string[] = [];
    const r = aptInstall(['sox', 'espeak-ng'], apt, (l) => lines.push(l));
    assert.deepEqual(r, { ok: true, status: 0, attempts: 2 });
    assert.deepEqual(calls, ['update', 'install sox espeak-ng', 'update', 'install --fix-missing sox espeak-ng']);
    assert.ok(lines.some((l) => /apt-get failed \(exit 100\); retrying once/.test(l)), lines.join('\n'));
  });

  test('a second failure gives up naming the packages', async () => {
    const aptInstall = await load();
    const { apt, calls } = flakyApt(2);
    const r = aptInstall(['rtpengine-daemon', 'sox'], apt, () => undefined);
    assert.equal(r.ok, false);
    assert.equal(calls.length, 4, 'one retry only');
    assert.match(r.message ?? '', /^could not install rtpengine-daemon sox \(apt-get exit 100, twice/);
  });
});
