// scripts/supervise.mjs on stand-in centers: a death that was not a requested stop is logged with its code or signal and restarted; a center that keeps crashing is restarted at
// once 5 times in a minute, then the supervisor says so and waits longer; SIGTERM is passed on
// for a clean stop and the supervisor exits 0, also while it waits.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const supervisor = fileURLToPath(new URL('../../../../scripts/supervise.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'switchboard-supervise-'));
after(() => rmSync(dir, { recursive: true, force: true }));

type Proc = ChildProcessByStdio<null, Readable, Readable>;
function supervise(script: string, env: Record<string, string> = {}): { proc: Proc; out: () => string } {
  const file = join(dir, `center-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, script);
  const proc = spawn(process.execPath, [supervisor, file], { env: { ...process.env, SUPERVISOR_RESTART_DELAY_MS: '50', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  proc.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  return { proc, out: () => out };
}
const until = async (what: string, ok: () => boolean, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const exitOf = (p: Proc): Promise<number | null> => new Promise((resolve) => { if (p.exitCode !== null) resolve(p.exitCode); else p.once('exit', resolve); });
const starts = (out: string): number => (out.match(/center started \(pid \d+\)/g) ?? []).length;

describe('supervise.mjs', { timeout: 60_000 }, () => {
  test('a center that keeps crashing: restarted 5 times, then a longer wait that is said; SIGTERM then exits 0', async () => {
    const s = supervise('process.exit(3);\n', { SUPERVISOR_BACKOFF_DELAY_MS: '60000' });
    await until('the backoff', () => /keeps crashing/.test(s.out()));
    assert.match(s.out(), /center died \(exit code 3\); restart 1 /);
    assert.equal(starts(s.out()), 6, '1 start + 5 quick restarts');
    assert.match(s.out(), /in 60000 ms \(it keeps crashing: more than 5 restarts in 60 s/);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(starts(s.out()), 6, 'no restart during the wait');
    s.proc.kill('SIGTERM');
    assert.equal(await exitOf(s.proc), 0);
  });

  test('a killed center is restarted; SIGTERM reaches the center, which stops cleanly; exit 0 and no restart', async () => {
    const s = supervise(`
      console.log('up ' + process.pid);
      process.on('SIGTERM', () => { console.log('center got SIGTERM'); process.exit(0); });
      setInterval(() => {}, 1000);
    `);
    await until('first start', () => starts(s.out()) === 1 && /up \d+/.test(s.out()));
    const first = Number(/up (\d+)/.exec(s.out())?.[1]);
    process.kill(first, 'SIGKILL');
    await until('restart after SIGKILL', () => starts(s.out()) === 2);
    assert.match(s.out(), /center died \(signal SIGKILL\)/);
    await until('second center up', () => (s.out().match(/up \d+/g) ?? []).length === 2);
    s.proc.kill('SIGTERM');
    assert.equal(await exitOf(s.proc), 0);
    assert.match(s.out(), /center got SIGTERM/);
    assert.match(s.out(), /center stopped \(exit code 0\)/);
    assert.equal(starts(s.out()), 2);
  });
});
