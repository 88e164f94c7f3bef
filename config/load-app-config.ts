// Defaults for the data layer and the HTTP API, overridden by environment variables:
// DATABASE_URL, SWITCHBOARD_DATA_DIR, HTTP_HOST, HTTP_PORT, SIP_REALM, ADMIN_PASSWORD,
// SWITCHBOARD_MEDIA_DIR, HTTPS, HTTPS_KEY_FILE, HTTPS_CERT_FILE, SECRETS_KEY,
// API_TOKEN_MAX_DAYS, NODE_ID, DRAIN_TIMEOUT_SECONDS. Bad values throw at start rather than surface later.
import { join } from 'node:path';
import type { AppConfig } from './app-config.types.js';

export const defaultDataDir = '.data';

function port(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`HTTP_PORT must be a port number, got '${value}'`);
  return n;
}

/** `{ [key]: value }`, or nothing when the value is absent (exactOptionalPropertyTypes). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function https(env: NodeJS.ProcessEnv): { keyFile?: string; certFile?: string } | undefined {
  const flag = nonEmpty(env.HTTPS);
  const keyFile = nonEmpty(env.HTTPS_KEY_FILE);
  const certFile = nonEmpty(env.HTTPS_CERT_FILE);
  if (flag !== undefined && !['0', '1', 'true', 'false'].includes(flag)) throw new Error(`HTTPS must be 1 or 0, got '${flag}'`);
  if ((keyFile === undefined) !== (certFile === undefined)) throw new Error('HTTPS_KEY_FILE and HTTPS_CERT_FILE go together: give both or neither');
  const off = flag === '0' || flag === 'false';
  if (off && keyFile) throw new Error('HTTPS_KEY_FILE and HTTPS_CERT_FILE are set but HTTPS=0');
  if (off || (flag === undefined && !keyFile)) return undefined;
  return keyFile && certFile ? { keyFile, certFile } : {};
}

function days(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new Error(`API_TOKEN_MAX_DAYS must be a whole number of days from 1 to 3650, got '${value}'`);
  return n;
}

function nodeId(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(value)) throw new Error(`NODE_ID must be 1 to 64 letters, digits, '.', '_' or '-', got '${value}'`);
  return value;
}

function drainSeconds(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 86_400) throw new Error(`DRAIN_TIMEOUT_SECONDS must be a whole number of seconds from 0 to 86400, got '${value}'`);
  return n;
}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const url = nonEmpty(env.DATABASE_URL);
  if (url && !/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  const dataDir = nonEmpty(env.SWITCHBOARD_DATA_DIR) ?? defaultDataDir;
  return {
    database: url ? { url } : { dataDir: join(dataDir, 'pglite') },
    http: { host: nonEmpty(env.HTTP_HOST) ?? '127.0.0.1', port: port(env.HTTP_PORT, 8080), ...optional('https', https(env)) },
    sipRealm: nonEmpty(env.SIP_REALM) ?? 'switchboard',
    adminPassword: nonEmpty(env.ADMIN_PASSWORD),
    mediaDir: nonEmpty(env.SWITCHBOARD_MEDIA_DIR) ?? join(dataDir, 'media'),
    dataDir,
    ...optional('secretsKey', nonEmpty(env.SECRETS_KEY)),
    ...optional('apiTokenMaxDays', days(env.API_TOKEN_MAX_DAYS)),
    ...optional('nodeId', nodeId(env.NODE_ID)),
    ...optional('drainSeconds', drainSeconds(env.DRAIN_TIMEOUT_SECONDS)),
  };
}
