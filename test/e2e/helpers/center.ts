// The whole call center for an end-to-end test: startSwitchboard on free loopback ports with
// its own Postgres database (created empty, so the demo is seeded with known passwords and
// a short wrap-up), stopped and dropped after the test.
import type { TestContext } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../server/api/logger.js';
import { startSwitchboard, type Switchboard, type SwitchboardOptions } from '../../../server/switchboard.js';
import { createTestDatabase } from '../../db/test-databases.js';
import { freePorts } from '../../helpers/ports.js';
import { PORTS_PER_CALL } from '../../../media/index.js';

export const AGENT_PASSWORDS = { agent1: 'agent1-secret-pw', agent2: 'agent2-secret-pw' };
export const REALM = 'switchboard';

export interface Center {
  sb: Switchboard;
  sipPort: number;
  httpPort: number;
  wssPort: number;
  /** Lines the app logged, parsed (for assertions on log content). */
  logs: Record<string, unknown>[];
  /** The center's own Postgres database ('' on PGlite). */
  databaseUrl: string;
  /** SIP over TLS, and the certificate it presents (the CA file a verifying client trusts). */
  tlsPort: number;
  tlsCertFile: string;
  /** rtpengine's RTP port range for this center (capture filters). */
  rtpPorts: { min: number; max: number };
}

export interface CenterOptions {
  wrapUpSeconds?: number;
  /** false: no demo center, an empty one as a new admin finds it. */
  demo?: false;
  /** The data folder (media under <dataDir>/media); a fresh temp dir by default. Removed after the test. */
  dataDir?: string;
  admission?: SwitchboardOptions['admission'];
  /** 'pglite': the embedded database in <dataDir>/pglite, as `npm start` without DATABASE_URL. */
  database?: 'postgres' | 'pglite';
  sessionTimers?: SwitchboardOptions['sessionTimers'];
  /** Conference setting (what the last agent leaving does). */
  conference?: SwitchboardOptions['conference'];
  /** SIP TLS: the site's own key and certificate files, or the host name of the generated certificate. */
  sipTls?: { keyFile?: string; certFile?: string; hostname?: string };
  /** Address SIP and RTP listen on (default 127.0.0.1): a NAT test's host end of its veth. */
  host?: string;
  /** Trunk REGISTER and OPTIONS timing, short for tests that restart a carrier. */
  trunkTimers?: SwitchboardOptions['trunkTimers'];
  /** The HTTP port (a restart on the port the page knows); a free one by default. */
  httpPort?: number;
  /** Webhook retry timing, short for tests of redelivery. */
  webhookTiming?: SwitchboardOptions['webhookTiming'];
  /** What IVR webhooks may reach (a test's webhook server is on loopback: allowPrivateTargets). */
  ivrWebhooks?: SwitchboardOptions['ivrWebhooks'];
}

export async function startCenter(t: TestContext, opts: CenterOptions = {}): Promise<Center> {
  const fresh = opts.database === 'pglite' ? undefined : await createTestDatabase('postgres', { migrate: false });
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'sb-e2e-'));
  const [sipPort, wssPort, tlsPort, freeHttpPort, ngPort] = await freePorts(5);
  const httpPort = opts.httpPort ?? freeHttpPort;
  const logs: Record<string, unknown>[] = [];
  // Warnings and errors also go to stderr, so a failing test shows what the center complained of.
  const logger = createLogger({ level: 'info' }, {
    write: (line: string) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (Number(entry.level) >= (process.env.E2E_LOG_ALL ? 0 : 40)) process.stderr.write(line);
    },
  });
  const rtpBase = 40000 + (ngPort % 60) * 400;
  const sb = await startSwitchboard({
    app: { database: fresh ? { url: fresh.url ?? '' } : { dataDir: join(dataDir, 'pglite') }, http: { host: '127.0.0.1', port: httpPort }, sipRealm: REALM, mediaDir: join(dataDir, 'media'), adminPassword: 'admin-secret-pw' },
    telephony: {
      sip: { host: opts.host ?? '127.0.0.1', port: sipPort, wssPort, tlsPort, ...(opts.sipTls ? { tls: opts.sipTls } : {}) },
      media: { host: opts.host ?? '127.0.0.1', portMin: rtpBase, ngPort, instances: 1, maxCalls: 20 },
    },
    logger,
    demo: opts.demo === false ? false : { passwords: AGENT_PASSWORDS, wrapUpSeconds: opts.wrapUpSeconds ?? 2 },
    ...(opts.admission ? { admission: opts.admission } : {}),
    ...(opts.sessionTimers ? { sessionTimers: opts.sessionTimers } : {}),
    ...(opts.conference ? { conference: opts.conference } : {}),
    ...(opts.trunkTimers ? { trunkTimers: opts.trunkTimers } : {}),
    ...(opts.webhookTiming ? { webhookTiming: opts.webhookTiming } : {}),
    ...(opts.ivrWebhooks ? { ivrWebhooks: opts.ivrWebhooks } : {}),
  });
  t.after(async () => {
    await sb.stop();
    await fresh?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { sb, sipPort, httpPort, wssPort, logs, databaseUrl: fresh?.url ?? '', tlsPort, tlsCertFile: opts.sipTls?.certFile ?? join(dataDir, 'tls', 'tls-cert.pem'), rtpPorts: { min: rtpBase, max: rtpBase + 20 * PORTS_PER_CALL } };
}

/** Polls `fn` until it returns a value that is not undefined, or fails after `ms`. */
export async function eventually<T>(fn: () => Promise<T | undefined>, ms = 10000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
