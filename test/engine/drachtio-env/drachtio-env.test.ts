// The DRACHTIO_* environment variables drachtio-server reads, with its precedence: a flag wins
// over its variable, and both win over the config file. drachtio's CI fixture 1 sets
// DRACHTIO_SECRET beside a config file holding another secret: the variable's must be the one
// the admin port accepts. Variables the engine does not implement are warned about, by name.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../../../server/engine/cli-args.js';
import { freePort } from '../../helpers/ports.js';

const cli = fileURLToPath(new URL('../../../server/engine/cli.js', import.meta.url));

function authenticate(port: number, secret: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port });
    const payload = `e1|authenticate|${secret}|`;
    s.on('connect', () => s.write(`${Buffer.byteLength(payload)}#${payload}`));
    s.on('data', (b: Buffer) => { resolve(b.toString()); s.destroy(); });
    s.on('error', reject);
    setTimeout(() => { s.destroy(); reject(new Error('no answer')); }, 3000);
  });
}

function configFile(t: { after: (fn: () => void) => void }, xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'drachtio-env-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'drachtio.conf.xml');
  writeFileSync(file, xml);
  return file;
}

describe('DRACHTIO_* environment variables', { timeout: 60_000 }, () => {
  test('flag > environment > config file, for secret, admin port and address, log level, console, config path', (t) => {
    const file = configFile(t, '<drachtio><admin port="9101" secret="from-config">127.0.0.2</admin>'
      + '<sip><contacts><contact>sip:127.0.0.1:5090;transport=udp</contact></contacts></sip><logging><loglevel>debug</loglevel></logging></drachtio>');
    const none = (): void => undefined;
    const env = { DRACHTIO_SECRET: 'from-env', DRACHTIO_ADMIN_TCP_PORT: '9102', DRACHTIO_ADMIN_ADDRESS: '127.0.0.3', DRACHTIO_LOGLEVEL: 'error', DRACHTIO_CONSOLE_LOGGING: '1' };
    const fromFile = parseArgs(['-f', file], none, {});
    assert.deepEqual([fromFile.admin, fromFile.logLevel], [{ port: 9101, secret: 'from-config', address: '127.0.0.2' }, 'debug']);
    const fromEnv = parseArgs(['-f', file], none, env);
    assert.deepEqual([fromEnv.admin, fromEnv.logLevel, fromEnv.stdout], [{ port: 9102, secret: 'from-env', address: '127.0.0.3' }, 'error', true]);
    const fromFlags = parseArgs(['-f', file, '--secret', 'from-flag', '--port', '9103', '--address', '127.0.0.4', '--loglevel', 'info'], none, env);
    assert.deepEqual([fromFlags.admin, fromFlags.logLevel], [{ port: 9103, secret: 'from-flag', address: '127.0.0.4' }, 'info']);
    // DRACHTIO_CONFIG_FILE_PATH names the config file; -f wins over it, --noconfig skips it.
    assert.equal(parseArgs([], none, { DRACHTIO_CONFIG_FILE_PATH: file }).admin?.secret, 'from-config');
    assert.equal(parseArgs(['--noconfig'], none, { DRACHTIO_CONFIG_FILE_PATH: file }).admin?.secret, undefined);
    assert.equal(parseArgs([], none, { DRACHTIO_UDP_MTU: '80000' }).maxMessageSize, 80000);
    assert.equal(parseArgs([], none, { DRACHTIO_USER_AGENT_OPTIONS_AUTO_RESPOND: 'probe' }).optionsAutoRespondUserAgent, 'probe');
    // A level drachtio does not know is ignored in the environment (and named), refused as a flag.
    const warnings: string[] = [];
    assert.equal(parseArgs(['-f', file], (w) => warnings.push(w), { DRACHTIO_LOGLEVEL: 'chatty', DRACHTIO_HOMER_ADDRESS: '127.0.0.1', DRACHTIO_MEMORY_DEBUG: '1' }).logLevel, 'debug');
    for (const name of ['DRACHTIO_LOGLEVEL', 'DRACHTIO_HOMER_ADDRESS', 'DRACHTIO_MEMORY_DEBUG']) {
      assert.equal(warnings.filter((w) => w.includes(name)).length, 1, `${name} named once: ${warnings.join('\n')}`);
    }
  });

  test('the CLI: DRACHTIO_SECRET beats the config file\'s secret on the admin port (drachtio CI fixture 1)', async (t) => {
    const sipPort = await freePort();
    const adminPort = await freePort();
    const file = configFile(t, `<drachtio><admin port="${adminPort}" secret="cymru">127.0.0.1</admin>`
      + `<sip><contacts><contact>sip:127.0.0.1:${sipPort};transport=udp</contact></contacts></sip></drachtio>`);
    const child = spawn(process.execPath, [cli, '-f', file, '--memory-debug'], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', DRACHTIO_SECRET: 'env-secret-1' },
    });
    t.after(() => child.kill('SIGTERM'));
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { out += b.toString(); });
    const deadline = Date.now() + 15_000;
    while (!/engine ready/.test(out) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, /engine ready/, out);
    assert.match(await authenticate(adminPort, 'cymru'), /\|NO\|/);
    assert.match(await authenticate(adminPort, 'env-secret-1'), /\|OK\|/);
    t.diagnostic('config secret refused, DRACHTIO_SECRET accepted');
  });
});
