// The whole call center in one process tree: database (PGlite or Postgres), the SIP engine on
// its own thread (or an external drachtio-server), rtpengine under supervision, the
// drachtio-srf application, and the HTTP server (API, softphone). startSwitchboard() is
// what `npm start` runs and what end-to-end tests start with their own ports.
import { once, type EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import express from 'express';
import Srf from 'drachtio-srf';
import type { Logger } from 'pino';
import { createLogger } from './api/logger.js';
import { openDatabase, migrateToLatest, ensureAdmin, type DatabaseHandle } from './db/index.js';
import { createApiApp } from './api/create-api-app.js';
import { consoleSecurityHeaders, softphoneSecurityHeaders } from './api/http/security-headers.js';
import { lockDownDataDir, privateUmask } from './db/file-modes.js';
import { loadSecretBox } from './db/secret-box.js';
import { startEngineThread, type EngineThread } from './engine/engine-thread.js';
import { generatedSecret } from './engine/config.js';
import { webOrigins } from './web-origins.js';
import { MediaServer, PORTS_PER_CALL } from '../media/index.js';
import { AcdService, createAcdStore, reloadOnProvisioningChange, type ProvisioningReload } from './acd/index.js';
import { checkIvrFlow, defaultTargetPolicy, ivrFlowJsonSchema, webhookClient, type TargetPolicy } from './ivr/index.js';
import { ChangeFeed, createRepositories } from './db/index.js';
import { installCallCenter, type CallAdmission, type CallCenterApp } from './sip/calls/call-center-app.js';
import { ensureDefaultMusic } from './sip/calls/default-music.js';
import { ensureRingback } from './sip/calls/ringback.js';
import { sipCertificate } from './sip/tls-cert.js';
import { SecurityBlocks } from './sip/security-blocks.js';
import { outboundCalls, type OutboundSettings } from './sip/outbound/outbound-calls.js';
import { trunkTestCalls } from './sip/outbound/trunk-test-call.js';
import { guardProcess } from './process-guards.js';
import { linkAgentPresence } from './sip/agent-presence.js';
import { TrunkLimits } from './sip/trunk-limits.js';
import { UnknownNumberLimiter } from './sip/unknown-number-limiter.js';
import { TrunkSources } from './sip/trunk-sources.js';
import { TrunkRegistrations } from './sip/trunks/trunk-registrations.js';
import { TrunkHealth, defaultTrunkHealth, type TrunkHealthOptions } from './sip/trunks/trunk-health.js';
import type { RegistrationTimers } from './sip/trunks/trunk-registration.js';
import { seedDemo, type DemoCenter, type DemoOptions } from './seed-demo.js';
import type { AppConfig } from '../config/app-config.types.js';
import type { TelephonyConfig } from '../config/load-telephony-config.js';
import { fileURLToPath } from 'node:url';
import { checkedConferenceSettings, type ConferenceSettings } from './sip/calls/conference/conference-settings.js';
import { conferenceControl } from './sip/calls/conference/conference-control.js';
import { monitorControl } from './sip/calls/monitor/monitor-control.js';
import { transferControl } from './sip/calls/transfer/transfer-control.js';
import { EventHub } from './api/events/event-hub.js';
import { attachEventSocket } from './api/events/event-socket.js';
import { publishAcdEvents } from './api/events/acd-sources.js';
import { agentDesk } from './sip/calls/agent-desk.js';
import { WebhookDelivery, type DeliveryTiming } from './api/events/webhook-delivery.js';
import { checkedSessionTimerPolicy, defaultSessionTimerPolicy, type SessionTimerPolicy } from './sip/calls/session-timer-negotiation.js';
import { hostname } from 'node:os';
import { centerMetrics } from './api/metrics/center-metrics.js';

/** How long SIGTERM waits for calls in progress (DRAIN_TIMEOUT_SECONDS): a long support call, not forever. */
export const defaultDrainSeconds = 300;

/** The built softphone (softphone/build.mjs writes it); the server serves it at /softphone/. */
const softphoneDir = fileURLToPath(new URL('../../softphone/dist', import.meta.url));
/** The built admin console (console/build.mjs writes it); served at /console/. */
const consoleDir = fileURLToPath(new URL('../../console/dist', import.meta.url));

export interface SwitchboardOptions {
  app: AppConfig;
  telephony: TelephonyConfig;
  logger?: Logger;
  /** Called once with the generated admin password on first start. */
  onAdminCreated?: (username: string, password: string) => void;
  /** Seed the demo center into an empty database (default on); false to skip. */
  demo?: DemoOptions | false;
  /** Per-trunk admission of new calls; the center's TrunkLimits (max_cps, max_channels) when absent. */
  admission?: CallAdmission;
  /** RFC 4028 session timers on both legs (default 1800 s asked, 90 s minimum); checked at start. */
  sessionTimers?: SessionTimerPolicy;
  /** Trunk REGISTER retry/timeout and OPTIONS ping timing; the defaults of server/sip/trunks when absent. */
  trunkTimers?: { registration?: Partial<RegistrationTimers>; health?: Partial<TrunkHealthOptions> };
  /** Outbound calling: dial plan (default country), center-wide caps, trunk health. */
  outbound?: OutboundSettings;
  /** Conferences: what the last agent leaving does (`end` by default, or `hand-over`); checked at start. */
  conference?: Partial<ConferenceSettings>;
  /** Webhook retries and timeout (short in tests); defaultDeliveryTiming otherwise. */
  webhookTiming?: DeliveryTiming;
  /** What the IVR's webhook verb may reach: private and loopback targets refused unless allowed (IVR_WEBHOOK_PRIVATE_TARGETS). */
  ivrWebhooks?: TargetPolicy;
}

export interface Switchboard {
  readonly logger: Logger;
  readonly httpPort: number;
  /** Where the API and softphone are served: http://… or, with HTTPS, https://…. */
  readonly webUrl: string;
  readonly srf: Srf;
  readonly media: MediaServer;
  readonly database: DatabaseHandle;
  readonly acd: AcdService;
  /** Provisioning changes heard from the database (LISTEN/NOTIFY); the ACD reloads on them. */
  readonly changeFeed: ChangeFeed;
  readonly provisioningReload: ProvisioningReload;
  readonly callCenter: CallCenterApp;
  /** Registration trunks' bindings at their carriers, and every trunk's OPTIONS health (isTrunkUp, 'trunk-status'). */
  readonly trunks: { registrations: TrunkRegistrations; health: TrunkHealth };
  /**
   * The built-in engine's control interface (absent with an external drachtio-server):
   * discard/undiscard sources (SourceDiscard), discardList, setTrustedSources, stats.
   */
  readonly engine?: EngineThread;
  /** WSS URL browsers register on (built-in engine only). */
  readonly wssUrl?: string;
  /** What the demo seed created on this start (first start only). */
  readonly demo: DemoCenter | null;
  /**
   * Drain (SIGTERM): refuse new calls and wait for the calls in progress to end, up to
   * `timeoutMs` (DRAIN_TIMEOUT_SECONDS); resolves with the calls still up. stop() follows.
   */
  drain(timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

export async function startSwitchboard(opts: SwitchboardOptions): Promise<Switchboard> {
  const nodeId = opts.app.nodeId ?? hostname();
  const logger = opts.logger ?? createLogger({ base: { pid: process.pid, node: nodeId } });
  const stops: (() => Promise<void>)[] = [];
  // Once: a second stop() (a test's cleanup after its own restart) waits for the first.
  let stopping: Promise<void> | undefined;
  const stopAll = (): Promise<void> => (stopping ??= (async () => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => logger.error({ err }, 'error while stopping'));
  })());
  // An error that escapes every call's guard is logged here and counted (server/process-guards.ts).
  const unguard = guardProcess(logger);
  stops.push(async () => unguard());
  try {
    // Data at rest: everything this process creates is its user's alone, and what an older
    // version left behind is made so before anything reads it (server/db/file-modes.ts).
    process.umask(privateUmask);
    const dataDir = opts.app.dataDir ?? join(opts.app.mediaDir, '..');
    const tlsDir = join(dataDir, 'tls');
    const recordingDir = join(opts.app.mediaDir, 'recordings');
    // The whole data folder when it is configured; else only its parts we know are ours (the
    // media folder's parent may be anything, e.g. /srv).
    const ours = opts.app.dataDir ? [opts.app.dataDir, opts.app.mediaDir] : [opts.app.mediaDir, tlsDir];
    for (const dir of [...ours, ...(opts.app.database.dataDir ? [opts.app.database.dataDir] : [])]) {
      const { changed } = lockDownDataDir(dir, { groupReadableFilesUnder: [recordingDir] });
      if (changed) logger.info({ dir, changed }, 'file modes of the data folder tightened');
    }
    const secrets = loadSecretBox({ configured: opts.app.secretsKey, dataDir });
    const database = await openDatabase({ ...opts.app.database, onConnectionError: (err) => logger.error({ err: err.message }, 'database connection lost; the pool reconnects') });
    stops.push(() => database.close());
    await migrateToLatest(database.db);
    const admin = await ensureAdmin(database.db, opts.app.adminPassword ? { password: opts.app.adminPassword } : {});
    if (admin.generatedPassword) opts.onAdminCreated?.('admin', admin.generatedPassword);

    const media = new MediaServer({
      instances: Array.from({ length: opts.telephony.media.instances }, (_, i) => ({
        name: `rtpengine-${i + 1}`,
        interfaces: [{ address: opts.telephony.media.host }],
        ngPort: opts.telephony.media.ngPort + i,
        portMin: opts.telephony.media.portMin + i * opts.telephony.media.maxCalls * PORTS_PER_CALL,
      })),
      workDir: join(opts.app.mediaDir, 'rtpengine'),
      recordingDir,
      maxCalls: opts.telephony.media.maxCalls,
    });
    await media.start();
    stops.push(() => media.stop());

    const engine = opts.telephony.drachtio ? undefined : await startBuiltInEngine(opts.telephony, opts.app.http, tlsDir, logger, stops);
    const drachtio = opts.telephony.drachtio ?? { host: '127.0.0.1', port: engine?.adminPort ?? 0, secret: engine?.config.admin.secret ?? '' };
    const srf = new Srf();
    srf.connect({ host: drachtio.host, port: drachtio.port, secret: drachtio.secret });
    srf.on('error', (err: Error) => logger.warn({ err: err.message }, 'connection to the SIP engine'));
    // srf reconnects by itself; health reports the link as it is now.
    let sipUp = false;
    srf.on('connect', () => { sipUp = true; });
    // srf re-emits its socket's close/reconnecting events; its typings omit them.
    const link = srf as unknown as EventEmitter;
    link.on('close', () => { sipUp = false; });
    link.on('reconnecting', () => { sipUp = false; });
    await once(srf, 'connect');
    stops.push(async () => srf.disconnect());

    const repos = createRepositories(database.db, { sipRealm: opts.app.sipRealm, secrets });
    const sealed = await repos.trunks.sealPlaintextPasswords();
    if (sealed) logger.info({ trunks: sealed }, 'trunk passwords stored in clear by an older version are now sealed');
    const demo = opts.demo === false ? null : await seedDemo(repos, opts.demo ?? {});
    // Calls the record has in progress died with the previous process: closed before the ACD
    // loads (it then records the queued ones as abandoned). One node per database until
    // calls carry the node that owns them.
    const closed = await repos.calls.closeLeftInProgress();
    if (closed.length > 0) logger.warn({ calls: closed.length }, 'calls left in progress by the previous run closed (cause restart)');
    const acd = new AcdService({ store: createAcdStore(repos) });
    acd.on('failure', ({ context, error }) => logger.error({ context, err: String(error) }, 'ACD background step failed'));
    acd.on('warning', ({ message, queueId }) => logger.warn({ queueId }, message));
    await acd.load();
    stops.push(() => acd.close());
    // Started while nothing else uses the database (PGlite runs LISTEN on its one session).
    const changeFeed = await ChangeFeed.start(database.listenTarget, { logger });
    stops.push(() => changeFeed.close());
    const provisioningReload = reloadOnProvisioningChange(changeFeed, acd, logger);
    stops.push(async () => provisioningReload.stop());
    const trunkLimits = new TrunkLimits({ logger });
    const unknownNumbers = new UnknownNumberLimiter({ logger });
    // Stopped before srf disconnects (stops run in reverse), so the un-REGISTERs go out.
    const trunkRegistrations = await TrunkRegistrations.follow({ srf, repos, logger }, changeFeed, { ...(opts.trunkTimers?.registration ? { timers: opts.trunkTimers.registration } : {}) });
    stops.push(() => trunkRegistrations.stop());
    const trunkHealth = new TrunkHealth({ srf, repos, logger }, changeFeed, { ...defaultTrunkHealth, ...opts.trunkTimers?.health });
    stops.push(async () => trunkHealth.stop());
    const conferenceSettings = checkedConferenceSettings(opts.conference);
    // The live event hub: the ACD's agent states and offers, the call center's answers and ends.
    const liveEvents = new EventHub(repos.liveEvents, logger);
    stops.push(async () => liveEvents.close());
    const unpublish = publishAcdEvents(acd, liveEvents);
    stops.push(async () => unpublish());
    const webhooks = new WebhookDelivery(liveEvents, repos.webhooks, logger, opts.webhookTiming);
    await webhooks.start();
    stops.push(async () => webhooks.stop());
    const admission = opts.admission ?? trunkLimits;
    const outbound = outboundCalls({ srf, repos, logger, acd, media, realm: opts.app.sipRealm, admission }, { trunkUp: (id) => trunkHealth.isTrunkUp(id), ...opts.outbound });
    const trunkTestCall = trunkTestCalls({ srf, media, repos, admission, plan: outbound.plan, realm: opts.app.sipRealm, logger });
    const callCenter = installCallCenter({
      srf, repos, media, acd, logger, realm: opts.app.sipRealm, nonceSecret: secrets.derive('sip digest nonces'),
      defaultMusic: { file: await ensureDefaultMusic(join(opts.app.mediaDir, 'music')) },
      ringback: { file: await ensureRingback(join(opts.app.mediaDir, 'music')) },
      admission, unknownNumbers, trunkRegistrations,
      sessionTimers: checkedSessionTimerPolicy(opts.sessionTimers ?? defaultSessionTimerPolicy), conferenceSettings, liveEvents,
      outbound, ivrWebhooks: webhookClient(opts.ivrWebhooks ?? defaultTargetPolicy),
    });
    stops.push(() => callCenter.close());
    stops.push(async () => { trunkLimits.close(); unknownNumbers.close(); });
    // Bans of the SIP guard are executed by the engine (the source is dropped unanswered), but
    // for trunk addresses, which the engine trusts.
    if (engine) callCenter.registrar.guard.discardInto(await TrunkSources.follow(repos, changeFeed, engine, logger));
    // An agent whose last phone registration goes is logged out (reason `unregistered`).
    const presence = linkAgentPresence({ registrar: callCenter.registrar, repos, acd, logger });
    stops.push(async () => presence.close());

    const metrics = centerMetrics({
      nodeId,
      callPhases: () => {
        const phases: Record<string, number> = {};
        for (const call of callCenter.calls.values()) phases[call.phase.phase] = (phases[call.phase.phase] ?? 0) + 1;
        return phases;
      },
      acdSnapshot: () => acd.snapshot(),
      onDispatch: (listener) => {
        acd.on('dispatched', listener);
        return () => acd.off('dispatched', listener);
      },
      ...(engine ? { engineStats: () => engine.stats() } : {}),
      mediaInstances: () => Object.fromEntries(Object.entries(media.pids()).map(([name, pid]) => [name, pid !== undefined])),
    });
    stops.push(async () => metrics.close());

    const wssUrl = opts.telephony.drachtio ? undefined : `wss://${opts.telephony.sip.externalIp ?? opts.telephony.sip.host}:${opts.telephony.sip.wssPort}`;
    const http = express();
    http.disable('x-powered-by');
    const pageHeaders = softphoneSecurityHeaders({ connectSrc: wssUrl ? [wssUrl] : [] });
    http.get('/', ...pageHeaders, (_req: express.Request, res: express.Response) => res.redirect('/softphone/'));
    http.use('/softphone', ...pageHeaders, express.static(softphoneDir, { index: 'index.html', fallthrough: true }));
    http.use('/console', ...consoleSecurityHeaders(), express.static(consoleDir, { index: 'index.html', fallthrough: true }));
    http.use(createApiApp({
      db: database.db, logger, sipRealm: opts.app.sipRealm, mediaDir: opts.app.mediaDir, checkIvrFlow, ivrFlowJsonSchema, secrets, say: (text, voice) => media.say(text, voice),
      conferences: conferenceControl(callCenter.calls, conferenceSettings), monitors: monitorControl(callCenter.calls, conferenceSettings),
      transfers: transferControl(callCenter.calls), webhooks, desk: agentDesk(callCenter.calls, repos),
      trunkStatus: { registration: (id) => trunkRegistrations.status(id), health: (id) => trunkHealth.status(id) }, trunkTestCall,
      ...(opts.app.apiTokenMaxDays ? { maxTokenDays: opts.app.apiTokenMaxDays } : {}),
      securityBlocks: new SecurityBlocks(callCenter.registrar.guard, engine),
      agentControl: {
        wssUrl: wssUrl ?? '',
        snapshot: () => acd.snapshot(),
        agentLogin: (id) => acd.agentLogin(id),
        agentLogout: (id, reason) => acd.agentLogout(id, reason),
        agentReady: (id) => acd.agentReady(id),
        agentNotReady: (id, reason) => acd.agentNotReady(id, reason),
        moveWaiting: (callId, destination) => acd.moveWaiting(callId, destination),
      },
      health: async () => ({ sip: sipUp ? 'up' : 'down', media: Object.values(media.pids()).some(Boolean) ? 'up' : 'down' }),
      draining: () => callCenter.draining,
      ...(database.pool ? { sharedCounters: database.pool } : {}),
      metrics,
    }));
    const tls = opts.app.http.https ? await webCertificate(opts.app.http.https, tlsDir, opts.telephony) : undefined;
    const server: Server = tls ? createHttpsServer(tls, http) : createHttpServer(http);
    const eventSocket = attachEventSocket(server, { hub: liveEvents, repos, logger });
    server.listen(opts.app.http.port, opts.app.http.host);
    await once(server, 'listening');
    stops.push(() => new Promise((resolve) => server.close(() => resolve())));
    stops.push(async () => eventSocket.close());
    const address = server.address();
    const httpPort = typeof address === 'object' && address ? address.port : opts.app.http.port;
    const webUrl = `${tls ? 'https' : 'http'}://${opts.app.http.host === '0.0.0.0' ? '127.0.0.1' : opts.app.http.host}:${httpPort}`;
    return { logger, httpPort, webUrl, srf, media, database, acd, changeFeed, provisioningReload, callCenter, trunks: { registrations: trunkRegistrations, health: trunkHealth }, ...(engine ? { engine } : {}), ...(wssUrl ? { wssUrl } : {}), demo,
      drain: (timeoutMs) => callCenter.drain(timeoutMs ?? (opts.app.drainSeconds ?? defaultDrainSeconds) * 1000),
      stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The configured key and certificate files, else the self-signed certificate WSS uses. */
async function webCertificate(https: { keyFile?: string; certFile?: string }, tlsDir: string, t: TelephonyConfig): Promise<{ key: string; cert: string }> {
  if (https.keyFile && https.certFile) return { key: readFileSync(https.keyFile, 'utf8'), cert: readFileSync(https.certFile, 'utf8') };
  const cert = await sipCertificate(tlsDir, t.sip);
  return { key: cert.key, cert: cert.cert };
}

async function startBuiltInEngine(t: TelephonyConfig, http: { host: string; port: number }, tlsDir: string, logger: Logger, stops: (() => Promise<void>)[]): Promise<EngineThread> {
  const secret = generatedSecret();
  const ext = t.sip.externalIp ? { externalIp: t.sip.externalIp } : {};
  const cert = await sipCertificate(tlsDir, t.sip);
  const engine: EngineThread = await startEngineThread({
    contacts: [
      { transport: 'udp', host: t.sip.host, port: t.sip.port, ...ext },
      { transport: 'tcp', host: t.sip.host, port: t.sip.port, ...ext },
      { transport: 'tls', host: t.sip.host, port: t.sip.tlsPort, ...ext },
      { transport: 'wss', host: t.sip.host, port: t.sip.wssPort, ...ext },
    ],
    tls: { key: cert.key, cert: cert.cert },
    admin: { address: '127.0.0.1', port: 0, secret },
    // Browsers may open the SIP WebSocket only from the center's own pages.
    wsAllowedOrigins: webOrigins(http),
  }, (code) => logger.fatal({ code }, 'SIP engine thread exited'));
  stops.push(() => engine.stop());
  logger.info({ sip: engine.hostports }, 'SIP engine started');
  return engine;
}
