// The media supervisor never orphans rtpengine: after a start and stop, a start that times out,
// a crash-restart loop (kills while running and while restarting), a stale rtpengine left by a
// killed center (pid file), and a center killed with SIGKILL, no rtpengine whose command line
// names the test's work dir is alive.
import { describe, test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { randomInt } from 'node:crypto';
import { MediaServer, type MediaServerConfig } from '../../../media/index.js';
import { freePort } from '../../helpers/ports.js';
import { noneLeft, processesMatching } from '../../helpers/processes.js';

const mediaIndex = fileURLToPath(new URL('../../../media/index.js', import.meta.url));
const dirs: string[] = [];

async function config(instanceCount = 1, extra: Partial<MediaServerConfig> = {}): Promise<MediaServerConfig> {
  const workDir = mkdtempSync(join(tmpdir(), 'switchboard-orphans-'));
  dirs.push(workDir);
  const instances = [];
  for (let i = 0; i < instanceCount; i++) {
    instances.push({ name: `o${i}`, interfaces: [{ address: '127.0.0.1' }], ngPort: await freePort(), portMin: 30000 + randomInt(0, 1800) * 16 });
  }
  return { instances, workDir, maxCalls: 4, healthIntervalMs: 300, ...extra };
}

/** What names an rtpengine of this work dir (the test's own Node children name the dir too). */
const rtp = (workDir: string): string => `--config-file=${workDir}`;

async function assertNoneLeft(workDir: string): Promise<void> {
  // Nothing to wait for: every stop()/rejection resolves only after its children exited.
  assert.deepEqual(processesMatching(rtp(workDir)), [], 'no rtpengine of this test is alive');
}

const waitFor = async (what: string, ok: () => boolean, withinMs = 10000): Promise<void> => {
  const deadline = Date.now() + withinMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('rtpengine is never orphaned', { timeout: 90_000 }, () => {
  afterEach(async () => {
    // A failed test must not leave its rtpengine to the next file either.
    for (const dir of dirs.splice(0)) {
      for (const p of processesMatching(dir)) process.kill(p.pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('start then stop leaves no process', async () => {
    const cfg = await config(2);
    const media = new MediaServer(cfg);
    await media.start();
    assert.equal(processesMatching(rtp(cfg.workDir)).length, 2);
    await media.stop();
    await assertNoneLeft(cfg.workDir);
  });

  test('a start that times out kills its child before reporting', async () => {
    const cfg = await config(1, { startTimeoutMs: 1 });
    const media = new MediaServer(cfg);
    const t0 = Date.now();
    await assert.rejects(media.start(), /did not answer ping in time/);
    await assertNoneLeft(cfg.workDir);
    console.log(`timed-out start rejected and its rtpengine ended after ${Date.now() - t0} ms`);
  });

  test('a crash-restart loop never runs two and leaves none after stop', async () => {
    const cfg = await config(1);
    const media = new MediaServer(cfg);
    await media.start();
    let most = 0;
    const watch = setInterval(() => { most = Math.max(most, processesMatching(rtp(cfg.workDir)).length); }, 10);
    try {
      for (let round = 0; round < 6; round++) {
        const pid = media.pids().o0;
        assert.ok(pid);
        const up = once(media, 'instance-up');
        process.kill(pid, 'SIGKILL');
        if (round % 2 === 1) {
          // Also kill the replacement while it is still starting.
          await waitFor('a replacement process', () => { const p = media.pids().o0; return p !== undefined && p !== pid; });
          const starting = media.pids().o0;
          if (starting) process.kill(starting, 'SIGKILL');
        }
        await up;
      }
    } finally {
      clearInterval(watch);
    }
    assert.equal(most, 1, 'never two rtpengine of one instance at once');
    await media.stop();
    await assertNoneLeft(cfg.workDir);
  });

  test('an rtpengine left by a killed center is killed at the next start (pid file), so the ng port is free', async () => {
    const cfg = await config(1);
    const first = new MediaServer(cfg);
    await first.start();
    await first.stop();
    // What a center killed with -9 leaves on a system without pdeathsig: a live rtpengine and its pid file.
    const dir = join(cfg.workDir, 'rtpengine-o0');
    const stale = spawn('/usr/bin/rtpengine', [`--config-file=${join(dir, 'rtpengine.conf')}`], { stdio: 'ignore', detached: true });
    stale.unref();
    assert.ok(stale.pid);
    writeFileSync(join(dir, 'rtpengine.pid'), `${stale.pid}\n`);
    await waitFor('the stale rtpengine to run', () => processesMatching(rtp(cfg.workDir)).length === 1);
    const second = new MediaServer(cfg);
    await second.start();
    const live = processesMatching(rtp(cfg.workDir));
    assert.deepEqual(live.map((p) => p.pid), [second.pids().o0], 'only the new rtpengine runs');
    assert.ok(existsSync(join(dir, 'rtpengine.pid')));
    await second.stop();
    await assertNoneLeft(cfg.workDir);
    assert.ok(!existsSync(join(dir, 'rtpengine.pid')), 'stop removes the pid file');
  });

  test('rtpengine dies with a center killed by SIGKILL', async () => {
    const cfg = await config(1);
    const script = `import { MediaServer } from ${JSON.stringify(mediaIndex)};
      const m = new MediaServer(${JSON.stringify(cfg)}); await m.start(); console.log('pid ' + m.pids().o0);`;
    const center = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    center.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    await waitFor('the child center to start rtpengine', () => /pid \d+/.test(out), 20000);
    assert.equal(processesMatching(rtp(cfg.workDir)).length, 1);
    const t0 = Date.now();
    center.kill('SIGKILL');
    await once(center, 'exit');
    const left = await noneLeft(rtp(cfg.workDir), 3000);
    assert.deepEqual(left, [], 'rtpengine followed its parent');
    console.log(`rtpengine gone ${Date.now() - t0} ms after its center was killed`);
  });
});
