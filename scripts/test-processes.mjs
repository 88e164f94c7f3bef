// Finding the processes a test file left behind, through /proc: those still in the file's
// process group, and those whose command line names the run's temp dir (browsers and other
// programs that start a session of their own). Used by run-tests.mjs after each file.
import { readdirSync, readFileSync } from 'node:fs';

function each() {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.push({ pid: Number(name), pgrp: Number(pgrp), cmdline });
    } catch {
      // gone while we looked
    }
  }
  return out;
}

export function processesIn(pgrp) {
  return each().filter((p) => p.pgrp === pgrp && p.pid !== process.pid);
}

export function processesNaming(text) {
  return each().filter((p) => p.cmdline.includes(text) && p.pid !== process.pid);
}

export function killAll(list) {
  for (const p of list) {
    try { process.kill(p.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
}
