// Ending rtpengine processes for sure: a spawned child is tracked until its exit is seen, and
// terminate() sends SIGTERM, then SIGKILL after a grace, and resolves only once it has exited.
// A pid file in the instance's work dir lets the next start kill an rtpengine left running by a
// center that died without stopping it (kill -9), so a restart never meets a busy ng port.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/** A spawned process and the promise of its end (exit, or a spawn that failed). */
export interface TrackedChild {
  readonly proc: ChildProcess;
  readonly exited: Promise<void>;
  readonly done: () => boolean;
}

// util-linux's setpriv makes the kernel SIGKILL the child when this process dies, even by
// kill -9; the pid file covers systems without it.
const SETPRIV = '/usr/bin/setpriv';

export function spawnTracked(binary: string, args: string[]): TrackedChild {
  const [cmd, argv] = existsSync(SETPRIV) ? [SETPRIV, ['--pdeathsig', 'KILL', '--', binary, ...args]] : [binary, args];
  const proc = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let ended = false;
  const exited = new Promise<void>((resolve) => {
    const end = (): void => { ended = true; resolve(); };
    proc.once('exit', end);
    // A spawn that failed has no pid and may never emit 'exit'.
    proc.once('error', () => { if (proc.pid === undefined) end(); });
  });
  return { proc, exited, done: () => ended };
}

/** SIGTERM, then SIGKILL after graceMs; resolves once the process has exited. */
export async function terminate(child: TrackedChild, graceMs: number): Promise<void> {
  if (child.done()) return;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

export function writePidFile(path: string, pid: number): void {
  writeFileSync(path, `${pid}\n`, { mode: 0o600 });
}

/** Removes the pid file if it still names this pid (a newer child may have replaced it). */
export function removePidFile(path: string, pid: number | undefined): void {
  if (pid !== undefined && readPid(path) === pid) rmSync(path, { force: true });
}

/**
 * Kills the process the pid file names if its command line still contains `marker` (this
 * instance's config path: a recycled pid of another program is left alone). Resolves once it
 * is gone. Returns the pid that was killed, if any.
 */
export async function killStale(path: string, marker: string, graceMs: number): Promise<number | undefined> {
  const pid = readPid(path);
  rmSync(path, { force: true });
  if (pid === undefined || !commandLine(pid).includes(marker)) return undefined;
  signal(pid, 'SIGTERM');
  if (!(await gone(pid, graceMs))) {
    signal(pid, 'SIGKILL');
    await gone(pid, graceMs);
  }
  return pid;
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Waits until /proc has no live process `pid` (a zombie counts as gone). */
async function gone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    let state: string | undefined;
    try {
      state = /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
    } catch {
      return true;
    }
    if (state === 'Z' || state === 'X') return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
