// A self-signed certificate for TLS and WSS on local installs: created once with the openssl
// CLI into the data directory and reused afterwards. Production sites give their own key and
// certificate instead; browsers must be told to trust this one (or open the WSS URL once).
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TlsFiles {
  key: string;
  cert: string;
  keyPath: string;
  certPath: string;
}

export interface SelfSignedOptions {
  /** Subject common name and DNS name (default localhost). */
  commonName?: string;
  /** IP addresses to put in subjectAltName (default 127.0.0.1). */
  ips?: string[];
  days?: number;
}

/** Returns `<dir>/tls-key.pem` and `<dir>/tls-cert.pem`, creating them first if absent. */
export async function ensureSelfSignedCert(dir: string, opts: SelfSignedOptions = {}): Promise<TlsFiles> {
  const keyPath = join(dir, 'tls-key.pem');
  const certPath = join(dir, 'tls-cert.pem');
  if (!existsSync(keyPath) || !existsSync(certPath)) {
    const cn = opts.commonName ?? 'localhost';
    if (!/^[A-Za-z0-9.-]+$/.test(cn)) throw new Error(`certificate name must be a host name: '${cn}'`);
    const ips = opts.ips ?? ['127.0.0.1'];
    if (ips.some((ip) => !/^[0-9a-fA-F:.]+$/.test(ip))) throw new Error('certificate IPs must be IP addresses');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const san = [`DNS:${cn}`, ...ips.map((ip) => `IP:${ip}`)].join(',');
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyPath, '-out', certPath, '-days', String(opts.days ?? 825),
      '-subj', `/CN=${cn}/O=Switchboard self-signed`, '-addext', `subjectAltName=${san}`,
    ], { timeout: 30_000 });
  }
  // The private key is the owner's alone, whatever umask openssl ran under.
  chmodSync(keyPath, 0o600);
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), keyPath, certPath };
}
