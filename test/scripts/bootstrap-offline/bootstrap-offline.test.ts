// Bootstrap fails fast with a reason when the npm registry cannot be reached: its registry
// check (run before `npm ci`) against a closed port, and against a server that accepts and
// never answers, reports within a minute what is wrong and what to check. Only the check runs
// here: node_modules is left alone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort } from '../../helpers/ports.js';

interface Check { ok: boolean; ms: number; registry: string; reason?: string }
interface CheckModule {
  checkNpmRegistry(o: { env?: NodeJS.ProcessEnv; timeoutMs?: number }): Check;
  unreachableMessage(r: Check): string;
}
const modulePath = fileURLToPath(new URL('../../../../scripts/npm-registry-check.mjs', import.meta.url));
const load = async (): Promise<CheckModule> => await import(pathToFileURL(modulePath).href) as CheckModule;

describe('bootstrap with an unreachable npm registry', { timeout: 120_000 }, () => {
  test('a closed port is reported within a minute with the reason and what to check', async () => {
    const { checkNpmRegistry, unreachableMessage } = await load();
    const registry = `http://127.0.0.1:${await freePort()}/`;
    const t0 = Date.now();
    const r = checkNpmRegistry({ env: { ...process.env, npm_config_registry: registry } });
    const ms = Date.now() - t0;
    console.log(`closed port reported after ${ms} ms: ${unreachableMessage(r)}`);
    assert.equal(r.ok, false);
    assert.ok(ms < 60_000);
    assert.match(r.reason ?? '', /ECONNREFUSED/);
    assert.match(unreachableMessage(r), new RegExp(`^cannot reach the npm registry ${registry.replace(/[.]/g, '\\.')}: .*ECONNREFUSED.*; check your network/proxy \\(npm config get registry`));
  });

  test('a registry that never answers is reported after the check\'s timeout', async () => {
    const { checkNpmRegistry, unreachableMessage } = await load();
    const sockets: Socket[] = [];
    const silent = createServer((s) => { sockets.push(s); });
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const t0 = Date.now();
      const r = checkNpmRegistry({ env: { ...process.env, npm_config_registry: `http://127.0.0.1:${port}/` }, timeoutMs: 3000 });
      const ms = Date.now() - t0;
      console.log(`silent registry reported after ${ms} ms: ${unreachableMessage(r)}`);
      assert.equal(r.ok, false);
      assert.ok(ms < 15_000, `took ${ms} ms`);
      assert.match(r.reason ?? '', /no answer within 3 s/);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});
