// A `sip:*` contact (drachtio-srf's testbed starts drachtio with `--contact sip:*:5060` style
// flags, drachtio.conf.xml uses `<contact>sip:*;transport=udp</contact>`) binds every address,
// as drachtio does. Checked on loopback: the engine answers on 127.0.0.1 and on 127.0.0.2 over
// UDP and TCP, which a listener bound to one address would not; Via and Contact then name a
// real address of the host, never 0.0.0.0.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseContactSpec } from '../../../server/engine/config.js';
import { optionsFromXml } from '../../../server/engine/conf-xml.js';
import { advertisedAddress, isOwnAddress } from '../../../server/engine/transport/wildcard-address.js';
import { startEngine } from '../../../server/engine/engine.js';
import Srf from 'drachtio-srf';
import { RawSipPeer, sdp } from '../helpers/raw-sip-peer.js';
import { withTimeout } from '../../sip/helpers/rig.js';
import { freePort } from '../../helpers/ports.js';

const cli = fileURLToPath(new URL('../../../server/engine/cli.js', import.meta.url));

function options(to: string, port: number, transport: 'UDP' | 'TCP', localPort: number): string {
  return [`OPTIONS sip:probe@${to}:${port} SIP/2.0`, `Via: SIP/2.0/${transport} 127.0.0.1:${localPort};branch=z9hG4bKany${Math.random().toString(36).slice(2)};rport`,
    'Max-Forwards: 70', 'From: <sip:probe@127.0.0.1>;tag=a', `To: <sip:probe@${to}:${port}>`, `Call-ID: any-${Math.random().toString(36).slice(2)}`,
    'CSeq: 1 OPTIONS', 'Content-Length: 0', '', ''].join('\r\n');
}

async function udpStatus(to: string, port: number): Promise<string> {
  const sock = createSocket('udp4');
  sock.bind(0, '127.0.0.1');
  await once(sock, 'listening');
  try {
    const answer = new Promise<string>((resolve, reject) => {
      sock.on('message', (b) => resolve(b.toString().split('\r\n')[0] ?? ''));
      setTimeout(() => reject(new Error(`no UDP answer from ${to}:${port}`)), 3000);
    });
    sock.send(options(to, port, 'UDP', sock.address().port), port, to);
    return await answer;
  } finally {
    sock.close();
  }
}

async function tcpStatus(to: string, port: number): Promise<string> {
  const s = connect({ host: to, port, localAddress: '127.0.0.1' });
  await once(s, 'connect');
  try {
    const answer = new Promise<string>((resolve, reject) => {
      s.on('data', (b: Buffer) => resolve(b.toString().split('\r\n')[0] ?? ''));
      s.on('error', reject);
      setTimeout(() => reject(new Error(`no TCP answer from ${to}:${port}`)), 3000);
    });
    s.write(options(to, port, 'TCP', s.localPort ?? 0));
    return await answer;
  } finally {
    s.destroy();
  }
}

describe('sip:* contacts', { timeout: 60_000 }, () => {
  test('sip:* parses to the unspecified address, from a flag or the config file; 0.0.0.0 is never advertised', () => {
    assert.deepEqual(parseContactSpec('sip:*;transport=udp,tcp'), [
      { transport: 'udp', host: '0.0.0.0', port: 5060 }, { transport: 'tcp', host: '0.0.0.0', port: 5060 },
    ]);
    assert.deepEqual(parseContactSpec('sip:*:5080'), [{ transport: 'udp', host: '0.0.0.0', port: 5080 }]);
    const xml = optionsFromXml('<drachtio><sip><contacts><contact>sip:*;transport=udp</contact></contacts></sip></drachtio>', () => undefined);
    assert.deepEqual(xml.contacts, [{ transport: 'udp', host: '0.0.0.0', port: 5060 }]);
    const advertised = advertisedAddress('0.0.0.0');
    assert.notEqual(advertised, '0.0.0.0');
    assert.match(advertised, /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(advertisedAddress('127.0.0.1'), '127.0.0.1');
    // A wildcard listener is us only at our own addresses, not at any host on the same port.
    assert.ok(isOwnAddress('127.0.0.1') && isOwnAddress('127.0.0.2') && isOwnAddress(advertised));
    assert.ok(!isOwnAddress('192.0.2.1'), 'a TEST-NET address is not ours');
  });

  test('an app on a sip:* engine calls out, and a request to our own port is refused as one to ourselves', async (t) => {
    const sipPort = await freePort();
    const adminPort = await freePort();
    const engine = await startEngine({ contacts: [{ transport: 'udp', host: '0.0.0.0', port: sipPort }], admin: { address: '127.0.0.1', port: adminPort, secret: 'any' }, logLevel: 'error' });
    const srf = new Srf();
    t.after(async () => { srf.disconnect(); await engine.stop(); });
    srf.on('error', () => undefined);
    void srf.connect({ host: '127.0.0.1', port: adminPort, secret: 'any' });
    await withTimeout(once(srf, 'connect'), 5000, 'srf connect');
    const far = await RawSipPeer.open(t, '127.0.0.1', sipPort);
    const call = srf.createUAC(`sip:far@127.0.0.1:${far.port}`, { localSdp: sdp }).catch((err: unknown) => err);
    const invite = await far.next(/^INVITE /);
    const keep = invite.split('\r\n').filter((l) => /^(via|from|call-id|cseq):/i.test(l));
    const to = /^To:\s*(.*)$/mi.exec(invite)?.[1] ?? '';
    far.send([`SIP/2.0 486 Busy Here`, ...keep, `To: ${to};tag=far`, 'Content-Length: 0', '', ''].join('\r\n'));
    assert.equal((await call as { status?: number }).status, 486);
    assert.doesNotMatch(/^Via:.*$/mi.exec(invite)?.[0] ?? '', /0\.0\.0\.0/, 'Via names a real address');
    const self = await srf.createUAC(`sip:me@127.0.0.1:${sipPort}`, { localSdp: sdp }).then(() => 'sent', (err: unknown) => String(err));
    assert.match(self, /myself/);
  });

  test('the engine started with --contact sip:*:port answers on every loopback address, UDP and TCP', async (t) => {
    const sipPort = await freePort();
    const adminPort = await freePort();
    const child = spawn(process.execPath, [cli, '--contact', `sip:*:${sipPort};transport=udp,tcp`, '--port', String(adminPort), '--address', '127.0.0.1', '--secret', 'any', '--noconfig'], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' },
    });
    t.after(() => child.kill('SIGTERM'));
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { out += b.toString(); });
    const deadline = Date.now() + 15_000;
    while (!/engine ready/.test(out) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, new RegExp(`engine ready: sip udp/0\\.0\\.0\\.0:${sipPort},tcp/0\\.0\\.0\\.0:${sipPort}`), out);
    for (const address of ['127.0.0.1', '127.0.0.2']) {
      assert.match(await udpStatus(address, sipPort), /^SIP\/2\.0 \d{3}/, `UDP on ${address}`);
      assert.match(await tcpStatus(address, sipPort), /^SIP\/2\.0 \d{3}/, `TCP on ${address}`);
    }
    t.diagnostic('sip:* answered on 127.0.0.1 and 127.0.0.2 over UDP and TCP');
  });
});
