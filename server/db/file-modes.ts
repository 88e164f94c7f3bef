// The data folder holds the database (HA1s, sealed trunk passwords), the secrets key, the TLS
// key and recordings: nobody but the server's user may read it. The server runs with umask 077
// so that what it creates comes out private (PGlite's files included); lockDownDataDir() fixes
// what an older version or another tool left behind, once at start:
//   folders 0700, files 0600, recordings (under the folders given as shared) 0640.
// Symbolic links are left alone (their targets are not ours to change).
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

export const privateUmask = 0o077;

export interface LockDownResult {
  /** Entries whose mode was changed. */
  changed: number;
}

export function lockDownDataDir(dir: string, opts: { groupReadableFilesUnder?: string[] } = {}): LockDownResult {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const shared = (opts.groupReadableFilesUnder ?? []).map((d) => resolve(d) + sep);
  let changed = 0;
  const set = (path: string, current: number, wanted: number): void => {
    if ((current & 0o777) === wanted) return;
    chmodSync(path, wanted);
    changed += 1;
  };
  const walk = (path: string): void => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      set(path, stat.mode, 0o700);
      for (const name of readdirSync(path)) walk(join(path, name));
      return;
    }
    const full = resolve(path);
    set(path, stat.mode, shared.some((d) => full.startsWith(d)) ? 0o640 : 0o600);
  };
  walk(dir);
  return { changed };
}
