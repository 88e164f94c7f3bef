// Before `npm ci` on a machine without node_modules: is the npm registry reachable at all? npm
// itself retries a dead network silently for minutes; `npm ping` without retries answers in
// seconds, so bootstrap can say at once what is wrong and what to check. Plain Node.
import { spawnSync } from 'node:child_process';

/**
 * Pings the configured registry once. Resolves { ok, ms, registry, reason }. Any HTTP answer
 * counts as reachable (some private registries do not implement ping: npm ci will tell).
 */
export function checkNpmRegistry({ env = process.env, timeoutMs = 30_000 } = {}) {
  const t0 = Date.now();
  const r = spawnSync('npm', ['ping', '--fetch-retries=0', `--fetch-timeout=${timeoutMs}`], { env, encoding: 'utf8', timeout: timeoutMs + 5000 });
  const ms = Date.now() - t0;
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const registry = /PING (\S+)/.exec(out)?.[1] ?? 'the configured registry';
  if (r.error) {
    const reason = r.error.code === 'ETIMEDOUT' ? `no answer within ${Math.round(timeoutMs / 1000)} s` : `could not run npm: ${r.error.message}`;
    return { ok: false, ms, registry, reason };
  }
  if (r.status === 0 || /npm error code E\d{3}\b/.test(out)) return { ok: true, ms, registry };
  const code = /npm error code (\S+)/.exec(out)?.[1];
  const reason = /reason: (.*)/.exec(out)?.[1] ??
    (/timeout|timed out/i.test(out) ? `no answer within ${Math.round(timeoutMs / 1000)} s${code ? ` (${code})` : ''}` : code ?? `npm ping exited with ${r.status}`);
  return { ok: false, ms, registry, reason };
}

/** The sentence bootstrap prints when the registry cannot be reached. */
export function unreachableMessage(result) {
  return `cannot reach the npm registry ${result.registry}: ${result.reason}; check your network/proxy ` +
    '(npm config get registry, npm config get proxy, npm config get https-proxy), then run the command again';
}
