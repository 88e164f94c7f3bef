// Everything the softphone browser test runs against, on 127.0.0.1 only, torn down in reverse:
// - a self-signed certificate (openssl CLI) for the engine's WSS listener;
// - the real SIP engine (WSS + UDP) and a drachtio-srf app acting as registrar: it challenges
//   REGISTER with digest against the session credentials the API issues (so they really work in sip.js)
//   and answers 200 with Contact;expires — the real registrar is another room's work; both can
//   be restarted on the same ports to check that the page registers again;
// - real rtpengine through MediaServer (test/media/tools/fixture.ts);
// - the real API (PGlite) for POST /api/auth/login, plus a stub of the agent endpoints it does
//   not have yet (GET /api/me/sip, GET/POST /api/me/state), and softphone/dist at /softphone/;
// - headless Chromium (playwright-core) capturing a 600 Hz WAV made with sox as its microphone.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import Srf from 'drachtio-srf';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startEngine, type Engine } from '../../../server/engine/engine.js';
import type { EngineOptions } from '../../../server/engine/config.js';
import { createApiApp } from '../../../server/api/create-api-app.js';
import { softphoneSecurityHeaders } from '../../../server/api/http/security-headers.js';
import { createLogger } from '../../../server/api/logger.js';
import { createRepositories, type Repositories } from '../../../server/db/repositories.js';
import { createTestDatabase } from '../../db/test-databases.js';
import { freePort } from '../../helpers/ports.js';
import { startMedia, type MediaFixture } from '../../media/tools/fixture.js';
import type { Middleware } from '../../sip/helpers/srf-api.js';

type DigestAuth = (opts: {
  realm: string;
  passwordLookup: (username: string, realm: string, cb: (err: Error | null, password: { ha1: string } | null) => void) => void;
}) => Middleware;
// drachtio-mw-digest-auth ships no types; this is the one call we make.
const digestAuth = createRequire(import.meta.url)('drachtio-mw-digest-auth') as DigestAuth;

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
export const REALM = 'switchboard';
export const AGENT = { username: 'agent1', password: 'agent1-login-pass', sipUser: 'agent1', sipPassword: 'agent1-sip-pass', name: 'Agent One' };
export const MIC_TONE_HZ = 600;

export interface Registration {
  /** The contact URI the browser registered (sip:…@….invalid;transport=ws). */
  contact: string;
  /** The agent's SIP username the credentials belong to. */
  user: string;
  /** Digest username that authenticated (the session's own, not the agent's). */
  digestUser: string;
}

export interface SoftphoneRig {
  dir: string;
  /** The registrar app of the engine now running. */
  readonly srf: Srf;
  media: MediaFixture;
  page: Page;
  pageUrl: string;
  /** Authenticated registrations (refreshes included), in order. */
  registrations: Registration[];
  /** Resolves once `count` registrations arrived, with the last of them. */
  waitForRegistration(count: number): Promise<Registration>;
  /** Revokes every API token of the agent (session ended elsewhere). */
  revokeAgentTokens(): Promise<void>;
  /** Stops the engine and its app and starts them again on the same ports (a server restart). */
  restartSip(): Promise<void>;
  /** State changes the stub API received from the page. */
  stateChanges: { state: string; reason?: string }[];
  /** Content-Security-Policy violations the page reported (console or securitypolicyviolation). */
  cspViolations: string[];
  close(): Promise<void>;
}

export async function startSoftphoneRig(log: (msg: string) => void): Promise<SoftphoneRig> {
  const cleanups: (() => unknown)[] = [];
  const close = async (): Promise<void> => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        log(`cleanup: ${String(err)}`);
      }
    }
  };
  try {
    // npm test builds the softphone (scripts/bootstrap.mjs); a direct run of this file may not have.
    if (!existsSync(join(ROOT, 'softphone', 'dist', 'index.html'))) execFileSync(process.execPath, [join(ROOT, 'softphone', 'build.mjs')], { stdio: 'inherit' });
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-softphone-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const wav = join(dir, 'mic.wav');
    execFileSync('sox', ['-n', '-r', '48000', '-b', '16', '-c', '1', wav, 'synth', '30', 'sine', String(MIC_TONE_HZ), 'vol', '0.5']);

    const database = await createTestDatabase('pglite');
    cleanups.push(() => database.drop());
    const repos = createRepositories(database.db, { sipRealm: REALM });
    const user = await repos.users.create({ username: AGENT.username, role: 'agent', password: AGENT.password, email: null });
    await repos.agents.create({ name: AGENT.name, user_id: user.id, extension: '2001', sip_username: AGENT.sipUser, sip_password: AGENT.sipPassword });

    const wssPort = await freePort();
    const engineOptions: EngineOptions = {
      contacts: [{ transport: 'wss', host: '127.0.0.1', port: wssPort }, { transport: 'udp', host: '127.0.0.1', port: await freePort() }],
      admin: { address: '127.0.0.1', port: 0, secret: 'cymru' },
      tls: { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') },
      logLevel: 'warn',
    };
    const registrations: Registration[] = [];
    let sip = await startSip(engineOptions, repos, registrations, log);
    cleanups.push(() => sip.stop());

    const media = await startMedia();
    cleanups.push(() => media.close());

    const stateChanges: SoftphoneRig['stateChanges'] = [];
    const server = await serveHttp(`wss://127.0.0.1:${wssPort}`, agentStub(repos, `wss://127.0.0.1:${wssPort}`, stateChanges), createApiApp({ db: database.db, logger: createLogger({ level: 'silent' }), sipRealm: REALM }));
    cleanups.push(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

    const browser: Browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`,
        '--allow-loopback-in-peer-connection', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--autoplay-policy=no-user-gesture-required', '--ignore-certificate-errors'],
    });
    cleanups.push(() => browser.close());
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    page.on('pageerror', (err) => log(`page error: ${err.message}`));
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') log(`page console ${m.type()}: ${m.text()}`);
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    // Violations the console does not show (e.g. reported ones) still fire this event.
    await page.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));" });
    const pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/softphone/`;
    return {
      dir, media, page, pageUrl, registrations, stateChanges, cspViolations, close,
      get srf() { return sip.srf; },
      async waitForRegistration(count) {
        while (registrations.length < count) await new Promise((r) => setTimeout(r, 100));
        return registrations[count - 1] as Registration;
      },
      async revokeAgentTokens() {
        for (const token of await repos.tokens.listForUser(user.id)) await repos.tokens.revoke(token.id);
      },
      async restartSip() {
        await sip.stop();
        sip = await startSip(engineOptions, repos, registrations, log);
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The SIP side: the engine and the registrar app on it; stop() takes both down (a server restart). */
async function startSip(options: EngineOptions, repos: Repositories, registrations: Registration[], log: (msg: string) => void): Promise<{ srf: Srf; stop(): Promise<void> }> {
  const engine: Engine = await startEngine(options);
  try {
    const srf = new Srf();
    srf.on('error', (err) => log(`srf error: ${err.message}`));
    void srf.connect({ host: '127.0.0.1', port: engine.adminPort, secret: 'cymru' });
    await once(srf, 'connect');
    registrar(srf, repos, registrations);
    return { srf, async stop() { srf.disconnect(); await engine.stop(); } };
  } catch (err) {
    await engine.stop();
    throw err;
  }
}

/** Digest-challenges REGISTER with the agent's stored HA1, then grants 300 s and records the contact. */
function registrar(srf: Srf, repos: Repositories, registrations: Registration[]): void {
  srf.use('register', digestAuth({
    realm: REALM,
    // The registrar's own lookup: a live session's credentials (what the page uses) or the agent's.
    passwordLookup: (username, _realm, cb) => {
      repos.sipCredentials.findDigestCredentials(username).then((c) => cb(null, c ? { ha1: c.ha1Md5 } : null), (err: Error) => cb(err, null));
    },
  }));
  srf.use('register', (req, res) => {
    const contact = req.get('Contact');
    const uri = /<([^>]+)>/.exec(contact)?.[1] ?? '';
    const expires = Number(/;expires=(\d+)/i.exec(contact)?.[1] ?? req.get('Expires') ?? '300');
    res.send(200, { headers: { Contact: `<${uri}>;expires=${Math.min(300, expires)}`, Expires: String(Math.min(300, expires)) } });
    const auth: unknown = (req as Srf.SrfRequest & { authorization?: unknown }).authorization;
    const digestUser = typeof auth === 'object' && auth !== null && 'username' in auth ? String(auth.username) : '';
    // Recorded as the agent the credentials belong to (the AOR user), as the real registrar binds it.
    void repos.sipCredentials.findDigestCredentials(digestUser).then((c) => {
      if (expires > 0) registrations.push({ contact: uri, user: c?.username ?? '', digestUser });
    });
  });
}

/**
 * Stand-in for the agent endpoints the API does not have yet; the contract is in
 * softphone/README.md. The bearer token is checked against the real API (/api/auth/me).
 */
function agentStub(repos: Repositories, wssUrl: string, stateChanges: SoftphoneRig['stateChanges']): express.Router {
  const router = express.Router();
  let current = { state: 'not-ready', reason: 'login' as string | null, since: new Date().toISOString() };
  router.use(express.json());
  router.use(async (req, res, next) => {
    const me = await fetch(`http://127.0.0.1:${req.socket.localPort}/api/auth/me`, { headers: { authorization: req.get('authorization') ?? '' } });
    if (!me.ok) return void res.status(me.status).json({ error: 'authentication required' });
    const body = (await me.json()) as { agent_id: string | null };
    if (!body.agent_id) return void res.status(403).json({ error: 'not an agent' });
    res.locals.agentId = body.agent_id;
    next();
  });
  // As the real GET /api/me/sip: credentials of this session, with the rig's WSS URL and domain.
  router.get('/sip', async (req, res) => {
    const agent = await repos.agents.get(String(res.locals.agentId));
    const found = await repos.tokens.authenticate(/^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '');
    if (!agent || !found) return void res.status(404).json({ error: 'agent not found' });
    const issued = await repos.sipCredentials.issue(found.token, agent);
    res.json({ username: agent.sip_username, authorizationUsername: issued.authorizationUsername, password: issued.password, expires_at: issued.expiresAt, realm: agent.sip_realm, domain: '127.0.0.1', wssUrl, displayName: agent.name });
  });
  router.get('/state', (_req, res) => void res.json(current));
  router.post('/state', (req, res) => {
    const b = req.body as { state?: unknown; reason?: unknown };
    if (b.state !== 'available' && b.state !== 'not-ready') return void res.status(400).json({ error: "state must be 'available' or 'not-ready'" });
    const reason = typeof b.reason === 'string' ? b.reason : null;
    stateChanges.push({ state: b.state, ...(reason ? { reason } : {}) });
    current = { state: b.state, reason, since: new Date().toISOString() };
    res.json(current);
  });
  return router;
}

async function serveHttp(wssUrl: string, stub: express.Router, api: express.Express): Promise<Server> {
  const app = express();
  // The server's own headers (CSP included), so the page is tested under the policy it ships with.
  app.use('/softphone', softphoneSecurityHeaders({ connectSrc: [wssUrl] }), express.static(join(ROOT, 'softphone', 'dist')));
  app.use('/api/me', stub);
  app.use(api);
  return new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
}
