// Preloaded (`node --import`) into every test file's process by run-tests.mjs. When the runner
// gives up on a hung file it sends SIGUSR2 first: this prints what still keeps the process
// alive (Node's active resources, and the child processes with their command lines), so the
// failure names the cause, not only the file. The signal listener does not keep the process up.
import { readdirSync, readFileSync } from 'node:fs';

function childrenOf(pid) {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== pid) continue;
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.push(`${name} ${cmd.slice(0, 200)}`);
    } catch {
      // gone while we looked
    }
  }
  return out;
}

process.on('SIGUSR2', () => {
  const resources = process.getActiveResourcesInfo();
  const counts = Object.entries(resources.reduce((m, r) => ({ ...m, [r]: (m[r] ?? 0) + 1 }), {})).map(([r, n]) => `${r}×${n}`);
  const kids = childrenOf(process.pid);
  process.stderr.write(`[watchdog] pid ${process.pid} still open: ${counts.join(', ') || 'nothing'}\n` +
    (kids.length ? kids.map((k) => `[watchdog]   child process ${k}\n`).join('') : '[watchdog]   no child processes\n'));
});
