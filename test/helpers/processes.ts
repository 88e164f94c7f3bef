// Processes a test started, found through /proc by a directory their command line names (the
// test's own work dir), so a test can assert none is left alive and kill strays.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo { pid: number; cmdline: string }

/** Live (non-zombie) processes whose command line contains `marker`, this process excluded. */
export function processesMatching(marker: string): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const state = /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
      if (cmdline.includes(marker) && state !== 'Z') out.push({ pid, cmdline });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** Polls up to `withinMs` for no process to match `marker`; returns those still left (empty: none). */
export async function noneLeft(marker: string, withinMs = 3000): Promise<ProcessInfo[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const left = processesMatching(marker);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}
