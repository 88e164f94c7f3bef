// Defaults for the data layer and the HTTP API, overridden by environment variables:
// DATABASE_URL, SWITCHBOARD_DATA_DIR, HTTP_HOST, HTTP_PORT, SIP_REALM, ADMIN_PASSWORD,
// SWITCHBOARD_MEDIA_DIR. Bad values throw at start rather than surface later.
import { join } from 'node:path';
import type { AppConfig } from './app-config.types.js';

export const defaultDataDir = '.data';

function port(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`HTTP_PORT must be a port number, got '${value}'`);
  return n;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const url = nonEmpty(env.DATABASE_URL);
  if (url && !/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  const dataDir = nonEmpty(env.SWITCHBOARD_DATA_DIR) ?? defaultDataDir;
  return {
    database: url ? { url } : { dataDir: join(dataDir, 'pglite') },
    http: { host: nonEmpty(env.HTTP_HOST) ?? '127.0.0.1', port: port(env.HTTP_PORT, 8080) },
    sipRealm: nonEmpty(env.SIP_REALM) ?? 'switchboard',
    adminPassword: nonEmpty(env.ADMIN_PASSWORD),
    mediaDir: nonEmpty(env.SWITCHBOARD_MEDIA_DIR) ?? join(dataDir, 'media'),
  };
}
