// The engine as a drop-in for drachtio-server: drachtio.conf.xml and flags, bad settings
// refused with a reason, and the engine running on its own thread serving a drachtio-srf app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSocket } from 'node:dgram';
import Srf from 'drachtio-srf';
import { parseArgs } from '../../../server/engine/cli-args.js';
import { engineConfig } from '../../../server/engine/config.js';
import { startEngineThread } from '../../../server/engine/engine-thread.js';
import { freePort } from '../../helpers/ports.js';

const conf = `<?xml version="1.0" encoding="utf-8"?>
<drachtio>
  <admin port="9033" secret="s3cret">127.0.0.1</admin>
  <sip>
    <contacts>
      <contact>sip:127.0.0.1:5999;transport=udp,tcp</contact>
    </contacts>
    <spammers action="reject">
      <header name="User-Agent"><value>friendly-scanner</value></header>
    </spammers>
    <timers><t1>250</t1></timers>
    <outbound-proxy>sip:10.0.0.1</outbound-proxy>
  </sip>
  <cdrs>true</cdrs>
  <monitoring><prometheus port="9090"/></monitoring>
</drachtio>`;

test('drachtio.conf.xml subset is read, unknown elements warned about, flags override', () => {
  const dir = mkdtempSync(join(tmpdir(), 'engine-conf-'));
  try {
    const file = join(dir, 'drachtio.conf.xml');
    writeFileSync(file, conf);
    const warnings: string[] = [];
    const opts = parseArgs(['-f', file, '--port', '9044', '--loglevel', 'debug'], (w) => warnings.push(w));
    const config = engineConfig(opts);
    assert.deepEqual(config.contacts.map((c) => `${c.transport}/${c.host}:${c.port}`), ['udp/127.0.0.1:5999', 'tcp/127.0.0.1:5999']);
    assert.deepEqual(config.admin, { address: '127.0.0.1', port: 9044, secret: 's3cret' });
    assert.equal(config.cdrs, true);
    assert.equal(config.timers.t1, 250);
    assert.equal(config.logLevel, 'debug');
    assert.deepEqual(config.spammers, [{ header: 'user-agent', value: 'friendly-scanner', action: 'reject' }]);
    assert.ok(warnings.some((w) => w.includes('outbound-proxy')), warnings.join('\n'));
    assert.ok(warnings.some((w) => w.includes('monitoring')), warnings.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad settings are refused with a reason', () => {
  // drachtio-server's getopt warns about an unknown flag and goes on; so does the engine.
  const bogus: string[] = [];
  parseArgs(['--bogus'], (w) => bogus.push(w), {});
  assert.match(bogus.join('\n'), /unknown option '--bogus' is ignored/);
  assert.throws(() => parseArgs(['--contact', 'sip:127.0.0.1:5060;transport=carrier-pigeon'], () => undefined), /unknown transport/);
  assert.throws(() => engineConfig({ contacts: [{ transport: 'wss', host: '127.0.0.1', port: 1 }] }), /TLS key/);
  assert.throws(() => engineConfig({ admin: { secret: '' } }), /secret/);
  assert.throws(() => engineConfig({ timers: { t1: -1 } }), /timer t1/);
});

test('the engine on its own thread serves an srf app; OPTIONS from the network reach it', async () => {
  const sipPort = await freePort();
  const adminPort = await freePort();
  const engine = await startEngineThread({ contacts: [{ transport: 'udp', host: '127.0.0.1', port: sipPort }], admin: { address: '127.0.0.1', port: adminPort, secret: 'cymru' } });
  const srf = new Srf();
  const udp = createSocket('udp4');
  try {
    srf.connect({ host: '127.0.0.1', port: adminPort, secret: 'cymru' });
    await once(srf, 'connect');
    srf.use('options', (_req: Srf.SrfRequest, res: Srf.SrfResponse) => res.send(200, { headers: { 'X-Answered-By': 'app' } }));
    await new Promise((r) => setTimeout(r, 100));
    udp.bind(0, '127.0.0.1');
    await once(udp, 'listening');
    const me = udp.address().port;
    const options = [`OPTIONS sip:ping@127.0.0.1:${sipPort} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${me};branch=z9hG4bKthread1;rport`, 'Max-Forwards: 70',
      `From: <sip:t@127.0.0.1:${me}>;tag=a1`, `To: <sip:ping@127.0.0.1:${sipPort}>`, 'Call-ID: thread-test-1', 'CSeq: 1 OPTIONS', 'Content-Length: 0', '', ''].join('\r\n');
    udp.send(options, sipPort, '127.0.0.1');
    const [reply] = await once(udp, 'message') as [Buffer];
    const text = reply.toString();
    assert.match(text, /^SIP\/2\.0 200 /);
    assert.match(text, /X-Answered-By: app/i);
    assert.match(text, /rport=\d+/);
    const stats = await engine.stats();
    assert.equal(stats.apps, 1);
    assert.ok(stats.received >= 1);
  } finally {
    srf.disconnect();
    udp.close();
    await engine.stop();
  }
});
