// The center's own web origins: the pages that may open a SIP WebSocket to the built-in
// engine (the engine refuses browsers from any other Origin). Derived from the HTTP listen
// address, plus WEB_ORIGINS (comma-separated, e.g. `https://cc.example.com`) for the names
// the center is reached by behind a proxy or on a public address.
import { ConfigError, normalizeOrigin } from './engine/config.js';

export function webOrigins(http: { host: string; port: number }, env: NodeJS.ProcessEnv = process.env): string[] {
  const hosts = http.host === '0.0.0.0' || http.host === '::' || http.host === '127.0.0.1' || http.host === 'localhost'
    ? ['127.0.0.1', 'localhost', ...(http.host === '::' ? ['[::1]'] : [])]
    : [http.host.includes(':') ? `[${http.host}]` : http.host];
  // Either scheme: the same listener serves plain HTTP or, with HTTPS set, TLS.
  const own = hosts.flatMap((h) => [`http://${h}:${http.port}`, `https://${h}:${http.port}`]);
  const extra = (env.WEB_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  return [...new Set([...own, ...extra].map((o) => {
    try {
      return normalizeOrigin(o);
    } catch {
      throw new ConfigError(`WEB_ORIGINS: '${o}' is not an origin like https://host:port`);
    }
  }))];
}
