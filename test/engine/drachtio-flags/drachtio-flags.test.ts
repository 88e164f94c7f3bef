// Every drachtio-server command-line flag starts the engine: those it implements work (checked
// on the wire: the admin port, the secret, --contact, --loglevel notice), the others are warned
// about once each, by name, and never stop start-up (drachtio's CI starts every fixture with
// `--memory-debug`; apps' start lines carry `--sofia-loglevel`, `--homer`, `--dns-name`, ...).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../../../server/engine/cli-args.js';
import { ignoredFlags } from '../../../server/engine/drachtio-flags.js';
import { freePort } from '../../helpers/ports.js';

const cli = fileURLToPath(new URL('../../../server/engine/cli.js', import.meta.url));

function authenticate(port: number, secret: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port });
    const payload = `f1|authenticate|${secret}|`;
    s.on('connect', () => s.write(`${Buffer.byteLength(payload)}#${payload}`));
    s.on('data', (b: Buffer) => { resolve(b.toString()); s.destroy(); });
    s.on('error', reject);
    setTimeout(() => { s.destroy(); reject(new Error('no answer')); }, 3000);
  });
}

/** Sends an OPTIONS over UDP and resolves with the first answer's status line. */
async function optionsStatus(port: number): Promise<string> {
  const sock = createSocket('udp4');
  sock.bind(0, '127.0.0.1');
  await once(sock, 'listening');
  const local = sock.address().port;
  const answer = new Promise<string>((resolve, reject) => {
    sock.on('message', (b) => resolve(b.toString().split('\r\n')[0] ?? ''));
    setTimeout(() => reject(new Error('no answer to OPTIONS')), 3000);
  });
  sock.send([`OPTIONS sip:probe@127.0.0.1:${port} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bKflags${Date.now()};rport`,
    'Max-Forwards: 70', 'From: <sip:probe@127.0.0.1>;tag=f', `To: <sip:probe@127.0.0.1:${port}>`, `Call-ID: flags-${Date.now()}`,
    'CSeq: 1 OPTIONS', 'Content-Length: 0', '', ''].join('\r\n'), port, '127.0.0.1');
  try {
    return await answer;
  } finally {
    sock.close();
  }
}

describe('drachtio-server command-line flags', { timeout: 60_000 }, () => {
  test('parsing: getopt forms, ignored flags warned once each, unknown ones warned, never thrown', () => {
    const warnings: string[] = [];
    const opts = parseArgs(['--memory-debug', '--sofia-loglevel', '9', '--memory-debug', '-l', 'notice', '--port=9123', '-c', 'sip:127.0.0.1:5070;transport=udp',
      '--external-ip', '192.0.2.7', '--homer', '127.0.0.1:9060', '--homer-id', '10', '--dns-name', 'sip.example.com', '--no-such-flag', '--mtu', '70000'],
    (w) => warnings.push(w), {});
    assert.equal(opts.logLevel, 'info', 'notice is drachtio\'s default level; the engine logs it as info');
    assert.equal(opts.admin?.port, 9123);
    assert.deepEqual(opts.contacts, [{ transport: 'udp', host: '127.0.0.1', port: 5070, externalIp: '192.0.2.7' }]);
    assert.equal(opts.maxMessageSize, 70000);
    for (const flag of ['memory-debug', 'sofia-loglevel', 'homer', 'homer-id', 'dns-name']) {
      assert.equal(warnings.filter((w) => w.includes(`--${flag} `)).length, 1, `one warning naming --${flag}: ${warnings.join('\n')}`);
    }
    assert.ok(warnings.some((w) => /unknown option '--no-such-flag' is ignored/.test(w)));
    assert.equal(parseArgs(['--loglevel', 'warning'], () => undefined, {}).logLevel, 'warn');
    assert.throws(() => parseArgs(['--loglevel', 'loud'], () => undefined, {}), /--loglevel must be/);
  });

  test('the CLI starts with every drachtio flag, honours the implemented ones, names each ignored one once', async (t) => {
    const sipPort = await freePort();
    const adminPort = await freePort();
    const valueFor = (name: string): string[] => (ignoredFlags[name]?.value ? [name.includes('port') || name.includes('secs') || name.endsWith('-id') || name.includes('interval') ? '10' : 'x'] : []);
    const ignored = Object.keys(ignoredFlags).flatMap((n) => [`--${n}`, ...valueFor(n)]);
    const args = ['--contact', `sip:127.0.0.1:${sipPort};transport=udp`, '--port', String(adminPort), '--address', '127.0.0.1',
      '--secret', 'flag-secret', '--noconfig', '--loglevel', 'notice', '--stdout', ...ignored];
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
    t.after(() => child.kill('SIGTERM'));
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    const deadline = Date.now() + 15_000;
    while (!/engine ready/.test(out) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, /engine ready/, `the engine started: ${out}\n${err}`);
    for (const name of Object.keys(ignoredFlags)) {
      assert.equal(err.split('\n').filter((l) => l.includes(`--${name} is accepted`)).length, 1, `one warning naming --${name}:\n${err}`);
    }
    assert.match(await authenticate(adminPort, 'flag-secret'), /\|OK\|/);
    assert.match(await optionsStatus(sipPort), /^SIP\/2\.0 \d{3}/, 'the --contact listener answers');
    t.diagnostic(`${Object.keys(ignoredFlags).length} ignored drachtio flags named once each; started, admin and SIP up`);
  });

  test('-v prints the version and exits 0', async () => {
    const child = spawn(process.execPath, [cli, '-v'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    const [code] = await once(child, 'exit') as [number];
    assert.equal(code, 0);
    assert.match(out, /\d+\.\d+/);
  });
});
