// One engine listening on UDP, TCP, WS and WSS (fresh loopback ports, a throwaway self-signed
// certificate), a fresh Postgres database with agents in it, and the registrar app connected
// over srf. Everything is torn down by the test's `after` hook, also when the test fails.
// Security log lines are kept in `securityLines` for assertions.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import Srf from 'drachtio-srf';
import pino from 'pino';
import { startEngine, type Engine } from '../../../server/engine/engine.js';
import { createRepositories, type Repositories } from '../../../server/db/index.js';
import { installRegistrar, type Registrar, type RegistrarOptions } from '../../../server/sip/registrar.js';
import { ensureSelfSignedCert } from '../../../server/sip/tls-cert.js';
import { createTestDatabase, type TestDatabase } from '../../db/test-databases.js';
import { freePorts } from '../../helpers/ports.js';
import { waitFor, withTimeout } from '../../sip/helpers/rig.js';

export const REALM = 'switchboard.test';
const SECRET = 'cymru';

export interface TestAgent { username: string; password: string }
export const ALICE: TestAgent = { username: 'alice', password: 'wonderland' };
export const BOB: TestAgent = { username: 'bob', password: 'builder' };

export interface PhoneRig {
  engine: Engine;
  srf: Srf;
  repos: Repositories;
  /** The rig's database, for an API over the same data. */
  db: TestDatabase['db'];
  registrar: Registrar;
  /** `127.0.0.1:<port>` for UDP and TCP. */
  target: string;
  wsUrl: string;
  wssUrl: string;
  /** Parsed JSON of every security log line so far. */
  securityLines(): Record<string, unknown>[];
  /** Waits until `user` has `count` live contacts; returns them. */
  waitForContacts(user: string, count: number, ms?: number): Promise<string[]>;
}

export interface PhoneRigOptions {
  registrar?: Partial<Omit<RegistrarOptions, 'repos' | 'logger' | 'realm'>>;
  agents?: TestAgent[];
}

export async function startPhoneRig(t: TestContext, opts: PhoneRigOptions = {}): Promise<PhoneRig> {
  const cleanups: (() => unknown)[] = [];
  t.after(async () => {
    for (const fn of cleanups.reverse()) await fn();
  });
  const dir = mkdtempSync(join(tmpdir(), 'phones-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const tls = await ensureSelfSignedCert(dir);

  const [sipPort, wsPort, wssPort, adminPort] = await freePorts(4);
  const engine = await startEngine({
    contacts: [
      { transport: 'udp', host: '127.0.0.1', port: sipPort },
      { transport: 'tcp', host: '127.0.0.1', port: sipPort },
      { transport: 'ws', host: '127.0.0.1', port: wsPort },
      { transport: 'wss', host: '127.0.0.1', port: wssPort },
    ],
    admin: { address: '127.0.0.1', port: adminPort, secret: SECRET },
    tls: { key: tls.key, cert: tls.cert, verifyPeer: false },
    logLevel: 'warn',
  });
  cleanups.push(() => engine.stop());

  const database = await createTestDatabase('postgres');
  cleanups.push(() => database.drop());
  const repos = createRepositories(database.db, { sipRealm: REALM });
  for (const [i, a] of (opts.agents ?? [ALICE, BOB]).entries()) {
    await repos.agents.create({ name: a.username, extension: String(1001 + i), sip_username: a.username, sip_password: a.password, user_id: null });
  }

  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => { lines.push(s); } });
  const srf = new Srf();
  srf.on('error', (err) => t.diagnostic(`srf error: ${err.message}`));
  void srf.connect({ host: '127.0.0.1', port: adminPort, secret: SECRET });
  await withTimeout(once(srf, 'connect'), 5000, 'srf connect');
  cleanups.push(() => srf.disconnect());
  const registrar = installRegistrar(srf, { repos, logger, realm: REALM, ...opts.registrar });
  cleanups.push(() => registrar.close());

  return {
    engine, srf, repos, registrar, db: database.db,
    target: `127.0.0.1:${sipPort}`,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    wssUrl: `wss://127.0.0.1:${wssPort}`,
    securityLines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.security === 'sip'),
    async waitForContacts(user, count, ms = 5000) {
      let contacts: string[] = [];
      const aor = registrar.aorOf(user);
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        contacts = (await repos.registrations.current(aor)).map((c) => c.contact);
        if (contacts.length === count) return contacts;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`${user} has ${contacts.length} contacts, expected ${count}: ${contacts.join(' ')}`);
    },
  };
}

export { waitFor, withTimeout };
