// Settings of the data layer and the HTTP API. Built by load-app-config.ts from defaults,
// then environment variables; other rooms keep their own config next to their code.

export interface DatabaseConfig {
  /** A Postgres server (postgres://…). Absent: embedded PGlite. */
  url?: string;
  /** Directory of the embedded PGlite database; absent with no url: in memory. */
  dataDir?: string;
}

export interface HttpConfig {
  host: string;
  port: number;
  /** Serve the API and softphone over TLS (HTTPS=1 or key and certificate files given).
   * Without files, the self-signed certificate of the WSS listener (`<data dir>/tls`). */
  https?: { keyFile?: string; certFile?: string };
}

export interface AppConfig {
  database: DatabaseConfig;
  http: HttpConfig;
  /** Digest realm of agents' SIP credentials (HA1 depends on it). */
  sipRealm: string;
  /** Password of the admin created on first start; generated when absent. */
  adminPassword?: string;
  /** Where recordings and uploaded prompts live; API downloads never leave it. */
  mediaDir: string;
  /** The data folder (0700 at start): TLS certificate, secrets key, embedded database; the media
   * folder's parent when absent. */
  dataDir?: string;
  /** Key sealing trunk passwords at rest (SECRETS_KEY); absent: `<data dir>/secrets.key`. */
  secretsKey?: string;
  /** Longest lifetime of an API token in days (API_TOKEN_MAX_DAYS); 90 when absent. */
  apiTokenMaxDays?: number;
  /** This node's name on every log line and metric (NODE_ID); the host name when absent. */
  nodeId?: string;
  /** How long SIGTERM waits for calls in progress to end before stopping (DRAIN_TIMEOUT_SECONDS); 300 when absent. */
  drainSeconds?: number;
}
