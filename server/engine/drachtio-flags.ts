// drachtio-server's full command line and environment, so the engine starts wherever
// drachtio-server's own start lines and container settings are used (its CI starts every
// fixture with `--memory-debug`). Each flag is either honoured by cli-args.ts or named here as
// accepted-and-ignored: cli-args.ts warns once about those, and never fails on them.

/** Short options of drachtio-server's getopt string, by long name. */
export const shortFlags: Record<string, string> = {
  a: 'http-handler', c: 'contact', f: 'file', h: 'help', l: 'loglevel', m: 'http-method', p: 'port', n: 'local-net',
  u: 'user', v: 'version', x: 'external-ip', y: 'homer', z: 'homer-id', A: 'key-file', B: 'cert-file', C: 'chain-file',
  D: 'mtu', E: 'address', F: 'secret', G: 'dh-param', I: 'aggressive-nat-detection',
};

/** Flags the engine honours: true when the flag takes a value. */
export const honouredFlags: Record<string, boolean> = {
  file: true, contact: true, 'external-ip': true, 'local-net': true, port: true, address: true, secret: true,
  loglevel: true, 'key-file': true, 'cert-file': true, mtu: true, 'user-agent-options-auto-respond': true,
  stdout: false, noconfig: false, help: false, version: false,
  // Ours, beyond drachtio-server's.
  cdrs: false, 'options-auto-respond': true,
};

/** drachtio-server flags the engine accepts and ignores (with why, for the warning). */
export const ignoredFlags: Record<string, { value: boolean; why: string }> = {
  'memory-debug': { value: false, why: 'a sofia-sip allocator debug switch' },
  'sofia-loglevel': { value: true, why: 'the engine has no sofia-sip stack; use --loglevel' },
  daemon: { value: false, why: 'run the engine under a service manager instead' },
  user: { value: true, why: 'start the engine as the user it should run as' },
  'dns-name': { value: true, why: 'requests are matched to us by address and port' },
  'http-handler': { value: true, why: 'HTTP request routing is not supported; apps route over the admin connection' },
  'http-method': { value: true, why: 'HTTP request routing is not supported' },
  homer: { value: true, why: 'HEP capture is not supported' },
  'homer-id': { value: true, why: 'HEP capture is not supported' },
  'chain-file': { value: true, why: 'put the chain into --cert-file' },
  'dh-param': { value: true, why: 'admin TLS is not supported' },
  'tls-port': { value: true, why: 'admin TLS is not supported' },
  'aggressive-nat-detection': { value: false, why: 'NAT is detected from Via received/rport' },
  'disable-nat-detection': { value: false, why: 'NAT detection is always on' },
  'prometheus-scrape-port': { value: true, why: 'metrics are served by the center, not the engine' },
  'tcp-keepalive-interval': { value: true, why: 'idle connections follow the engine limits' },
  'min-tls-version': { value: true, why: "node's TLS defaults apply" },
  'tls-cipherlist': { value: true, why: "node's default strong ciphers are used" },
  'blacklist-redis-address': { value: true, why: 'the discard list is fed over the admin protocol' },
  'blacklist-redis-port': { value: true, why: 'the discard list is fed over the admin protocol' },
  'blacklist-redis-key': { value: true, why: 'the discard list is fed over the admin protocol' },
  'blacklist-refresh-secs': { value: true, why: 'the discard list is fed over the admin protocol' },
  'blacklist-redis-sentinels': { value: true, why: 'the discard list is fed over the admin protocol' },
  'blacklist-redis-master': { value: true, why: 'the discard list is fed over the admin protocol' },
  'blacklist-redis-password': { value: true, why: 'the discard list is fed over the admin protocol' },
  'reject-register-with-no-realm': { value: false, why: 'REGISTER policy belongs to the app' },
  'always-send-180': { value: false, why: 'provisionals are sent as the app writes them' },
  'globally-readable-logs': { value: false, why: 'the engine logs to stdout/stderr only' },
};

/**
 * drachtio-server environment variables the engine reads, mapped to the flag they stand for.
 * drachtio reads them before its flags, so a flag wins over its variable and both win over
 * the config file.
 */
export const honouredEnv: Record<string, string> = {
  DRACHTIO_ADMIN_ADDRESS: 'address', DRACHTIO_ADMIN_TCP_PORT: 'port', DRACHTIO_SECRET: 'secret',
  DRACHTIO_LOGLEVEL: 'loglevel', DRACHTIO_CONSOLE_LOGGING: 'stdout', DRACHTIO_CONFIG_FILE_PATH: 'file',
  DRACHTIO_UDP_MTU: 'mtu', DRACHTIO_USER_AGENT_OPTIONS_AUTO_RESPOND: 'user-agent-options-auto-respond',
  DRACHTIO_TLS_KEY_FILE: 'key-file', DRACHTIO_TLS_CERT_FILE: 'cert-file',
};

/** drachtio-server environment variables the engine accepts and ignores. */
export const ignoredEnv = [
  'DRACHTIO_ADMIN_TLS_PORT', 'DRACHTIO_AGRESSIVE_NAT_DETECTION', 'DRACHTIO_MEMORY_DEBUG', 'DRACHTIO_TLS_CHAIN_FILE',
  'DRACHTIO_TLS_DH_PARAM_FILE', 'DRACHTIO_TLS_VERIFY_CLIENT_CERT', 'DRACHTIO_HOMER_ADDRESS', 'DRACHTIO_HOMER_PORT',
  'DRACHTIO_HOMER_ID', 'DRACHTIO_HTTP_HANDLER_URI', 'DRACHTIO_SOFIA_LOGLEVEL', 'DRACHTIO_TCP_KEEPALIVE_INTERVAL',
  'DRACHTIO_TPORT_QUEUESIZE', 'DRACHTIO_TPORT_MAX_CONSECUTIVE_TIMEOUTS', 'DRACHTIO_PROMETHEUS_SCRAPE_PORT',
  'DRACHTIO_MIN_TLS_VERSION', 'DRACHTIO_BLACKLIST_REDIS_ADDRESS', 'DRACHTIO_BLACKLIST_REDIS_SENTINELS',
  'DRACHTIO_BLACKLIST_REDIS_MASTER', 'DRACHTIO_BLACKLIST_REDIS_PASSWORD', 'DRACHTIO_BLACKLIST_REDIS_PORT',
  'DRACHTIO_BLACKLIST_REDIS_KEY', 'DRACHTIO_BLACKLIST_REDIS_REFRESH_SECS', 'DRACHTIO_REJECT_REGISTER_WITH_NO_REALM',
  'DRACHTIO_TLS_CIPHER_LIST', 'DRACHTIO_PRESERVE_HEADER_NAMES',
];

/** drachtio's log levels (notice, warning) on the engine's four. */
export function drachtioLogLevel(v: string): 'error' | 'warn' | 'info' | 'debug' | undefined {
  if (v === 'error' || v === 'info' || v === 'debug') return v;
  if (v === 'warning' || v === 'warn') return 'warn';
  if (v === 'notice') return 'info';
  return undefined;
}
