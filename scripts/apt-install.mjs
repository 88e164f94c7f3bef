// Installing Debian packages for bootstrap, with one retry: a mirror that failed one fetch on a
// fresh machine often serves it on the next try, so a failed update or install is followed by
// `apt-get update` and `apt-get install --fix-missing` before giving up with the packages named.
// `apt` runs one apt-get command line and returns its exit status. Plain Node.

/** Returns { ok, status, attempts, message }; `log` gets a line per step. */
export function aptInstall(pkgs, apt, log) {
  const install = ['install', '-y', '-q', '--no-install-recommends'];
  log('apt-get update');
  let status = apt(['update', '-q']);
  if (status === 0) status = apt([...install, ...pkgs]);
  if (status === 0) return { ok: true, status, attempts: 1 };
  log(`apt-get failed (exit ${status}); retrying once: apt-get update, then apt-get install --fix-missing`);
  apt(['update', '-q']);
  status = apt([...install, '--fix-missing', ...pkgs]);
  if (status === 0) return { ok: true, status, attempts: 2 };
  return {
    ok: false, status, attempts: 2,
    message: `could not install ${pkgs.join(' ')} (apt-get exit ${status}, twice; see its output above): check the network and /etc/apt/sources.list, or install them yourself with apt-get install ${pkgs.join(' ')}.`,
  };
}
