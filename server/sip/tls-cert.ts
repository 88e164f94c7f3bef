// The certificate of SIP over TLS and WSS. Sites give their own key and certificate
// (SIP_TLS_KEY_FILE / SIP_TLS_CERT_FILE), checked at start (readable, a certificate, the key
// matching it); else a self-signed one is created with the openssl CLI into the data
// directory and reused, for a host name (SIP_TLS_HOSTNAME, default localhost, as a DNS SAN so
// phones that verify by name accept it) and the SIP addresses (IP SANs); made again when the
// stored one no longer names them. Browsers must be told to trust it (or open the WSS URL once).
import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
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
  const cn = opts.commonName ?? 'localhost';
  if (!/^[A-Za-z0-9.-]+$/.test(cn)) throw new Error(`certificate name must be a host name: '${cn}'`);
  const ips = opts.ips ?? ['127.0.0.1'];
  if (ips.some((ip) => !/^[0-9a-fA-F:.]+$/.test(ip))) throw new Error('certificate IPs must be IP addresses');
  if (existsSync(certPath) && !names(readFileSync(certPath, 'utf8'), cn, ips)) {
    rmSync(certPath);
    rmSync(keyPath, { force: true });
  }
  if (!existsSync(keyPath) || !existsSync(certPath)) {
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

/** Whether the certificate names `host` (DNS) and every IP. */
function names(pem: string, host: string, ips: string[]): boolean {
  try {
    const cert = new X509Certificate(pem);
    return cert.checkHost(host, { wildcards: false }) !== undefined && ips.every((ip) => cert.checkIP(ip) !== undefined);
  } catch {
    return false;
  }
}

/** The site's own key and certificate, checked: readable PEM, a certificate, the key its own. */
export function loadOwnCertificate(keyFile: string, certFile: string): TlsFiles {
  let key: string;
  let cert: string;
  try {
    key = readFileSync(keyFile, 'utf8');
    cert = readFileSync(certFile, 'utf8');
  } catch (err) {
    throw new Error(`SIP TLS key or certificate file can not be read: ${(err as Error).message}`);
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new Error(`SIP_TLS_CERT_FILE is not a PEM certificate: ${certFile}`);
  }
  let matches: boolean;
  try {
    matches = x509.checkPrivateKey(createPrivateKey(key));
  } catch {
    throw new Error(`SIP_TLS_KEY_FILE is not a PEM private key: ${keyFile}`);
  }
  if (!matches) throw new Error('SIP_TLS_KEY_FILE does not belong to SIP_TLS_CERT_FILE');
  return { key, cert, keyPath: keyFile, certPath: certFile };
}

/** The SIP TLS / WSS certificate as configured: the site's own files, else the generated one. */
export async function sipCertificate(dir: string, sip: { host: string; externalIp?: string; tls?: { keyFile?: string; certFile?: string; hostname?: string } }): Promise<TlsFiles> {
  const own = sip.tls;
  if (own?.keyFile && own.certFile) return loadOwnCertificate(own.keyFile, own.certFile);
  return ensureSelfSignedCert(dir, { ...(own?.hostname ? { commonName: own.hostname } : {}), ips: [...new Set([sip.host, sip.externalIp ?? sip.host])] });
}
