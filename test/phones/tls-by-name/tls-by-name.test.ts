// Issue 11: phones that verify the server certificate by name (linphone, mbedTLS) register over
// TLS. The generated certificate carries SIP_TLS_HOSTNAME as a DNS name (plus the IP); the
// admin's own key and certificate (SIP_TLS_KEY_FILE / SIP_TLS_CERT_FILE) are served as given.
// linphone, trusting only the configured CA (`root_ca`), registers to sip:localhost:<tls port>
// when the certificate names localhost and is refused when it names another host. Bad
// settings stop the start with a message naming them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { loadTelephonyConfig } from '../../../config/load-telephony-config.js';
import { loadOwnCertificate } from '../../../server/sip/tls-cert.js';
import { startCenter, AGENT_PASSWORDS, type Center } from '../../e2e/helpers/center.js';
import { startLinphone } from '../../helpers/linphone.js';

function workDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-tls-by-name-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A CA and a server certificate for `host` signed by it, as a site's own PKI would give. */
function ownPki(dir: string, host: string): { caFile: string; keyFile: string; certFile: string } {
  mkdirSync(dir, { recursive: true });
  const f = (n: string): string => join(dir, n);
  const ssl = (...args: string[]): void => { execFileSync('openssl', args, { stdio: 'ignore' }); };
  ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', f('ca-key.pem'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=Test site CA');
  ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', f('key.pem'), '-out', f('req.pem'), '-subj', `/CN=${host}`);
  writeFileSync(f('ext.cnf'), `subjectAltName=DNS:${host}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  ssl('x509', '-req', '-in', f('req.pem'), '-CA', f('ca.pem'), '-CAkey', f('ca-key.pem'), '-CAcreateserial', '-out', f('cert.pem'), '-days', '2', '-extfile', f('ext.cnf'));
  return { caFile: f('ca.pem'), keyFile: f('key.pem'), certFile: f('cert.pem') };
}

async function registerByName(t: TestContext, c: Center, name: string, caFile: string): Promise<string> {
  const phone = await startLinphone(t, { name, user: 'agent1', password: AGENT_PASSWORDS.agent1, server: { host: '127.0.0.1', port: c.tlsPort, transport: 'tls' }, serverName: 'localhost', caFile });
  try {
    await phone.registered(15_000);
    return 'registered';
  } catch (err) {
    if (!/registration failed|none of registered/.test((err as Error).message)) throw err;
    assert.ok(!/LinphoneRegistrationOk/.test(phone.log()), 'never registered');
    return /flags=\[CN-mismatch/.test(phone.log()) ? 'refused: name' : /flags=\[not-trusted/.test(phone.log()) ? 'refused: not trusted' : 'refused';
  } finally {
    await phone.stop();
  }
}

describe('TLS by name', { timeout: 150_000 }, () => {
  test('generated certificate: SIP_TLS_HOSTNAME localhost is accepted by name, another name is refused', { timeout: 60_000 }, async (t) => {
    const ok = await startCenter(t, { sipTls: { hostname: 'localhost' } });
    assert.equal(await registerByName(t, ok, 'by-name', ok.tlsCertFile), 'registered');
    const other = await startCenter(t, { sipTls: { hostname: 'pbx.example.test' } });
    assert.equal(await registerByName(t, other, 'wrong-name', other.tlsCertFile), 'refused: name', 'a certificate for pbx.example.test does not do for localhost');
  });

  test("the admin's own key and certificate are served; a phone trusting the site CA registers, one trusting another CA is refused", { timeout: 60_000 }, async (t) => {
    const dir = workDir(t);
    const pki = ownPki(join(dir, 'site'), 'localhost');
    const c = await startCenter(t, { sipTls: { keyFile: pki.keyFile, certFile: pki.certFile } });
    assert.equal(await registerByName(t, c, 'own-cert', pki.caFile), 'registered');
    const stranger = ownPki(join(dir, 'stranger'), 'localhost');
    assert.equal(await registerByName(t, c, 'other-ca', stranger.caFile), 'refused: not trusted');
  });

  test('bad TLS settings are refused at start, naming them', (t) => {
    assert.throws(() => loadTelephonyConfig({ SIP_TLS_KEY_FILE: '/k.pem' }), /SIP_TLS_KEY_FILE and SIP_TLS_CERT_FILE go together/);
    assert.throws(() => loadTelephonyConfig({ SIP_TLS_KEY_FILE: '/k.pem', SIP_TLS_CERT_FILE: '/c.pem', SIP_TLS_HOSTNAME: 'pbx.example.com' }), /SIP_TLS_HOSTNAME names the generated certificate/);
    assert.throws(() => loadTelephonyConfig({ SIP_TLS_HOSTNAME: 'not a name' }), /SIP_TLS_HOSTNAME must be a DNS host name/);
    assert.deepEqual(loadTelephonyConfig({ SIP_TLS_HOSTNAME: 'pbx.example.com' }).sip.tls, { hostname: 'pbx.example.com' });
    const dir = workDir(t);
    const a = ownPki(join(dir, 'a'), 'localhost');
    const b = ownPki(join(dir, 'b'), 'localhost');
    assert.throws(() => loadOwnCertificate(b.keyFile, a.certFile), /SIP_TLS_KEY_FILE does not belong to SIP_TLS_CERT_FILE/);
    assert.throws(() => loadOwnCertificate(a.keyFile, a.keyFile), /SIP_TLS_CERT_FILE is not a PEM certificate/);
    assert.throws(() => loadOwnCertificate(join(dir, 'missing.pem'), a.certFile), /can not be read/);
    assert.equal(loadOwnCertificate(a.keyFile, a.certFile).certPath, a.certFile);
  });
});
