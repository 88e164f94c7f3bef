// No well-known admin secret: drachtio's default `cymru` is never assumed. The engine CLI takes
// the secret from --secret, DRACHTIO_SECRET or the config file (in that order); with none it generates one and
// prints it once. Checked on the drachtio wire itself: an app offering `cymru` is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../../../server/engine/cli-args.js';
import { engineConfig } from '../../../server/engine/config.js';
import { freePort } from '../../helpers/ports.js';

const cli = fileURLToPath(new URL('../../../server/engine/cli.js', import.meta.url));

/** Authenticates on the admin port with `secret`; resolves with the engine's answer. */
function authenticate(port: number, secret: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port });
    const payload = `a1b2|authenticate|${secret}|`;
    s.on('connect', () => s.write(`${Buffer.byteLength(payload)}#${payload}`));
    s.on('data', (b: Buffer) => { resolve(b.toString()); s.destroy(); });
    s.on('error', reject);
    setTimeout(() => { s.destroy(); reject(new Error('no answer')); }, 3000);
  });
}

test('the secret comes from --secret, then DRACHTIO_SECRET, then the config (as drachtio); never a default', () => {
  const none = () => undefined;
  assert.equal(parseArgs(['--secret', 'flag'], none, { DRACHTIO_SECRET: 'env' }).admin?.secret, 'flag');
  assert.equal(parseArgs([], none, { DRACHTIO_SECRET: 'env' }).admin?.secret, 'env');
  assert.equal(parseArgs([], none, {}).admin?.secret, undefined);
  const a = engineConfig({}).admin.secret;
  const b = engineConfig({}).admin.secret;
  assert.ok(a !== 'cymru' && a.length >= 20 && a !== b, 'a programmatic engine without a secret gets a random one');
});

test('the CLI honours DRACHTIO_SECRET and refuses cymru; without any secret it prints a generated one', { timeout: 30_000 }, async (t) => {
  for (const env of [{ DRACHTIO_SECRET: 'from-the-environment' }, {}] as Record<string, string>[]) {
    const sipPort = await freePort();
    const adminPort = await freePort();
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!env.DRACHTIO_SECRET) delete childEnv.DRACHTIO_SECRET;
    const child = spawn(process.execPath, [cli, '--contact', `sip:127.0.0.1:${sipPort};transport=udp`, '--port', String(adminPort), '--noconfig'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => child.kill('SIGTERM'));
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    const deadline = Date.now() + 10_000;
    while (!/engine ready/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const generated = /generated one, shown only now: (\S+)/.exec(out)?.[1];
    const secret = env.DRACHTIO_SECRET ?? generated ?? '';
    if (env.DRACHTIO_SECRET) assert.equal(generated, undefined, 'no secret is generated when DRACHTIO_SECRET is set');
    else assert.ok(generated && generated.length >= 20, `a generated secret is printed: ${out}`);
    assert.match(await authenticate(adminPort, 'cymru'), /\|NO\|incorrect secret/);
    assert.match(await authenticate(adminPort, secret), /\|OK\|/);
    t.diagnostic(`${env.DRACHTIO_SECRET ? 'DRACHTIO_SECRET' : 'no secret given'}: cymru refused, the ${env.DRACHTIO_SECRET ? 'environment' : 'generated'} secret accepted`);
    child.kill('SIGTERM');
  }
});
