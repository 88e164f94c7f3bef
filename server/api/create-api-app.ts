// The HTTP API as an express app mounting everything under /api:
//   const app = createApiApp({ db, logger, health: async () => ({ sip: 'up', media: 'up' }) });
//   app.listen(8080)
// Routes are declared per resource in routes/*.routes.ts; the same declarations produce
// /api/openapi.json. Request logs carry method, path, status and time — never bodies,
// query strings or headers.
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.types.js';
import { createRepositories } from '../db/repositories.js';
import type { SecretBox } from '../db/secret-box.js';
import { TtsCache } from '../../media/index.js';
import type { ApiContext } from './api-context.js';
import { ApiError, errorHandler } from './http/api-error.js';
import { AuditLog } from './http/audit-log.js';
import { openApiDocument } from './http/openapi.js';
import { apiSecurityHeaders } from './http/security-headers.js';
import { RouteRegistry } from './http/route-registry.js';
import { agentStatesRoutes } from './routes/agent-states.routes.js';
import { agentsRoutes } from './routes/agents.routes.js';
import { agentAccountsRoutes } from './routes/agent-accounts.routes.js';
import { auditRoutes } from './routes/audit.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { callEventsRoutes } from './routes/call-events.routes.js';
import { callsRoutes } from './routes/calls.routes.js';
import { contactsRoutes } from './routes/contacts.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { ivrFlowsRoutes } from './routes/ivr-flows.routes.js';
import { numbersRoutes } from './routes/numbers.routes.js';
import { outboundRoutesRoutes } from './routes/outbound-routes.routes.js';
import { promptsRoutes } from './routes/prompts.routes.js';
import { queueMembersRoutes } from './routes/queue-members.routes.js';
import { queuesRoutes } from './routes/queues.routes.js';
import { recordingsRoutes } from './routes/recordings.routes.js';
import { schedulesRoutes } from './routes/schedules.routes.js';
import { tokensRoutes } from './routes/tokens.routes.js';
import { trunksRoutes } from './routes/trunks.routes.js';
import { usersRoutes } from './routes/users.routes.js';
import { meRoutes } from './routes/me.routes.js';
import { directoryRoutes } from './routes/directory.routes.js';
import { webhooksRoutes } from './routes/webhooks.routes.js';
import { agentDeskRoutes } from './routes/agent-desk.routes.js';
import { securityRoutes } from './routes/security.routes.js';
import { metricsRoutes } from './routes/metrics.routes.js';
import { conferenceRoutes } from './routes/conference.routes.js';
import { monitorRoutes } from './routes/monitor.routes.js';
import { wallboardRoutes } from './routes/wallboard.routes.js';
import { reportsRoutes } from './routes/reports.routes.js';
import { supervisorControlRoutes } from './routes/supervisor-control.routes.js';
import { transferRoutes } from './routes/transfer.routes.js';
import { consultRoutes } from './routes/consult.routes.js';
import { s } from '../validation/schema.js';

export interface ApiOptions {
  db: Kysely<Database>;
  logger: Logger;
  /** Status of the components other than the database (SIP engine, media server). */
  health?: () => Promise<Record<string, 'up' | 'down'>>;
  /** Digest realm for agents' SIP credentials; 'switchboard' by default. */
  sipRealm?: string;
  /** Recordings and prompt uploads; '.data/media' by default. */
  mediaDir?: string;
  checkIvrFlow?: ApiContext['checkIvrFlow'];
  ivrFlowJsonSchema?: ApiContext['ivrFlowJsonSchema'];
  /** Text-to-speech (the media server's say); a cache under <mediaDir>/tts when absent. */
  say?: ApiContext['say'];
  /** Longest lifetime of an API token in days; 90 by default (API_TOKEN_MAX_DAYS). */
  maxTokenDays?: number;
  /** Seals trunk passwords at rest (see server/db/secret-box.ts); a per-process key when absent. */
  secrets?: SecretBox;
  agentControl?: ApiContext['agentControl'];
  securityBlocks?: ApiContext['securityBlocks'];
  trunkStatus?: ApiContext['trunkStatus'];
  trunkTestCall?: ApiContext['trunkTestCall'];
  draining?: ApiContext['draining'];
  metrics?: ApiContext['metrics'];
  sharedCounters?: ApiContext['sharedCounters'];
  conferences?: ApiContext['conferences'];
  monitors?: ApiContext['monitors'];
  transfers?: ApiContext['transfers'];
  webhooks?: ApiContext['webhooks'];
  desk?: ApiContext['desk'];
}

const resources = [
  healthRoutes, authRoutes, tokensRoutes, usersRoutes, agentAccountsRoutes, agentsRoutes, agentStatesRoutes, trunksRoutes, numbersRoutes,
  ivrFlowsRoutes, queuesRoutes, queueMembersRoutes, schedulesRoutes, promptsRoutes, contactsRoutes,
  callsRoutes, callEventsRoutes, recordingsRoutes, meRoutes, directoryRoutes, webhooksRoutes, agentDeskRoutes, securityRoutes, outboundRoutesRoutes, metricsRoutes,
  conferenceRoutes, monitorRoutes, wallboardRoutes, reportsRoutes, supervisorControlRoutes,
  transferRoutes,
  consultRoutes,
  auditRoutes,
];

export function createApiApp(options: ApiOptions): Express {
  const sipRealm = options.sipRealm ?? 'switchboard';
  const repos = createRepositories(options.db, { sipRealm, ...(options.secrets ? { secrets: options.secrets } : {}) });
  const audit = new AuditLog(repos.auditLog, options.logger);
  const routes = new RouteRegistry(repos, audit);
  const mediaDir = options.mediaDir ?? '.data/media';
  let tts: TtsCache | undefined;
  const say: ApiContext['say'] = options.say ?? ((text, voice) => (tts ??= new TtsCache(join(mediaDir, 'tts'))).say(text, voice));
  const context: ApiContext = {
    routes, repos, db: options.db, audit,
    sipRealm, mediaDir,
    say,
    health: options.health ?? (async () => ({})),
    maxTokenDays: options.maxTokenDays ?? 90,
    logger: options.logger,
    ...(options.checkIvrFlow ? { checkIvrFlow: options.checkIvrFlow } : {}),
    ...(options.ivrFlowJsonSchema ? { ivrFlowJsonSchema: options.ivrFlowJsonSchema } : {}),
    ...(options.agentControl ? { agentControl: options.agentControl } : {}),
    ...(options.securityBlocks ? { securityBlocks: options.securityBlocks } : {}),
    ...(options.trunkStatus ? { trunkStatus: options.trunkStatus } : {}),
    ...(options.trunkTestCall ? { trunkTestCall: options.trunkTestCall } : {}),
    ...(options.draining ? { draining: options.draining } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.sharedCounters ? { sharedCounters: options.sharedCounters } : {}),
    ...(options.conferences ? { conferences: options.conferences } : {}),
    ...(options.monitors ? { monitors: options.monitors } : {}),
    ...(options.transfers ? { transfers: options.transfers } : {}),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    ...(options.desk ? { desk: options.desk } : {}),
  };
  for (const resource of resources) resource(context);
  const document = openApiDocument(routes.routes, { title: 'Switchboard API', version: '1' });
  routes.addPublic({ method: 'get', path: '/openapi.json', tag: 'meta', summary: 'This document', response: s.object({ openapi: s.string() }, { open: true }) }, async () => document);

  const api = express.Router();
  api.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      options.logger.info({ method: req.method, path: req.baseUrl + req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  });
  api.use(apiSecurityHeaders());
  // Bodies are read per route, after authentication (route-registry.ts).
  api.use(routes.router);
  api.use(() => { throw new ApiError(404, 'no such route'); });
  api.use(errorHandler(options.logger));

  const app = express();
  app.disable('x-powered-by');
  app.use('/api', api);
  // Prometheus scrapes /metrics unless told otherwise: the same route as /api/metrics.
  app.get('/metrics', (req, res, next) => {
    req.url = '/metrics';
    api(req, res, next);
  });
  return app;
}
