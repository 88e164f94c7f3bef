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
}
