// Settings of the SIP engine and the media server, from environment variables over
// defaults. Everything listens on loopback unless configured otherwise.
//   SIP_HOST (127.0.0.1)  SIP_PORT (5060, UDP and TCP)  SIP_WSS_PORT (5063)  SIP_TLS_PORT (5061)
//   SIP_EXTERNAL_IP       RTP_HOST (127.0.0.1)  RTP_PORT_MIN (30000)  RTPENGINE_NG_PORT (22222)
//   RTPENGINE_INSTANCES (1)  MAX_CALLS (250)  DRACHTIO_HOST / DRACHTIO_PORT / DRACHTIO_SECRET
//   (use an external drachtio-server instead of the built-in engine)
//   SIP_TLS_KEY_FILE + SIP_TLS_CERT_FILE (the site's own PEM key and certificate for TLS and WSS)
//   SIP_TLS_HOSTNAME (localhost: the DNS name of the generated certificate, when no files are given)
import { isIP } from 'node:net';

export interface TelephonyConfig {
  sip: { host: string; port: number; wssPort: number; tlsPort: number; externalIp?: string; tls?: SipTlsConfig };
  /** An external drachtio-server to use instead of the built-in engine. */
  drachtio?: { host: string; port: number; secret: string };
  media: { host: string; portMin: number; ngPort: number; instances: number; maxCalls: number };
}

/** The site's own key and certificate, or the host name the generated certificate is made for. */
export interface SipTlsConfig { keyFile?: string; certFile?: string; hostname?: string }

function sipTls(env: NodeJS.ProcessEnv): SipTlsConfig | undefined {
  const keyFile = env.SIP_TLS_KEY_FILE || undefined;
  const certFile = env.SIP_TLS_CERT_FILE || undefined;
  const hostname = env.SIP_TLS_HOSTNAME || undefined;
  if ((keyFile === undefined) !== (certFile === undefined)) throw new Error('SIP_TLS_KEY_FILE and SIP_TLS_CERT_FILE go together: give both or neither');
  if (keyFile && hostname) throw new Error('SIP_TLS_HOSTNAME names the generated certificate; with SIP_TLS_KEY_FILE / SIP_TLS_CERT_FILE the names are the certificate\'s own: leave it out');
  if (hostname !== undefined && (hostname.length > 253 || !/^(?=.*[A-Za-z])[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(hostname))) {
    throw new Error(`SIP_TLS_HOSTNAME must be a DNS host name, got '${hostname}'`);
  }
  if (keyFile && certFile) return { keyFile, certFile };
  return hostname ? { hostname } : undefined;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1, max = 65535): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
  return n;
}

function address(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const v = env[name] || fallback;
  if (!isIP(v)) throw new Error(`${name} must be an IP address, got '${v}'`);
  return v;
}

export function loadTelephonyConfig(env: NodeJS.ProcessEnv = process.env): TelephonyConfig {
  const externalIp = env.SIP_EXTERNAL_IP ? address(env, 'SIP_EXTERNAL_IP', '') : undefined;
  const drachtioHost = env.DRACHTIO_HOST;
  const tls = sipTls(env);
  return {
    sip: {
      host: address(env, 'SIP_HOST', '127.0.0.1'),
      port: int(env, 'SIP_PORT', 5060),
      wssPort: int(env, 'SIP_WSS_PORT', 5063),
      tlsPort: int(env, 'SIP_TLS_PORT', 5061),
      ...(externalIp ? { externalIp } : {}),
      ...(tls ? { tls } : {}),
    },
    ...(drachtioHost ? { drachtio: { host: drachtioHost, port: int(env, 'DRACHTIO_PORT', 9022), secret: env.DRACHTIO_SECRET ?? 'cymru' } } : {}),
    media: {
      host: address(env, 'RTP_HOST', '127.0.0.1'),
      portMin: int(env, 'RTP_PORT_MIN', 30000, 1024, 64000),
      ngPort: int(env, 'RTPENGINE_NG_PORT', 22222),
      instances: int(env, 'RTPENGINE_INSTANCES', 1, 1, 8),
      maxCalls: int(env, 'MAX_CALLS', 250, 1, 10000),
    },
  };
}
