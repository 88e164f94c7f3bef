// What every router file receives: the route registry to declare routes on, the
// repositories, and the settings some routes need.
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Database, IvrFlowDefinition } from '../db/database.types.js';
import type { Repositories } from '../db/repositories.js';
import type { RouteRegistry } from './http/route-registry.js';
import type { AuditLog } from './http/audit-log.js';
import type { Issue, JsonSchema } from '../validation/schema.js';
import type { AcdService } from '../acd/index.js';
import type { SecurityBlock } from '../sip/security-blocks.js';
import type { TrunkStatusSource } from '../sip/trunks/trunk-status.js';
import type { CenterMetrics } from './metrics/center-metrics.js';
import type { ConferenceControl } from '../sip/calls/conference/conference-control.js';
import type { TransferControl } from '../sip/calls/transfer/transfer-control.js';
import type { MonitorControl } from '../sip/calls/monitor/monitor-control.js';
import type { WebhookDelivery } from './events/webhook-delivery.js';
import type { AgentDesk } from '../sip/calls/agent-desk.js';

/** The part of the ACD the API drives for agents' own state, plus where browsers register. */
export type AgentControl = Pick<AcdService, 'snapshot' | 'agentLogin' | 'agentLogout' | 'agentReady' | 'agentNotReady' | 'moveWaiting'> & { wssUrl: string };

export interface ApiContext {
  routes: RouteRegistry;
  /** The audit log: routes declare `audit` on their spec; anything else that must leave a trace calls record(). */
  audit: AuditLog;
  /** The agent desktop's view of live calls (server/sip/calls/agent-desk.ts); absent without the call center. */
  desk?: AgentDesk;
  /** The webhook workers (server/api/events/webhook-delivery.ts); absent without the event hub. */
  webhooks?: Pick<WebhookDelivery, 'added' | 'removed'>;
  repos: Repositories;
  db: Kysely<Database>;
  /** Digest realm of agents' SIP accounts. */
  sipRealm: string;
  /** Recordings and uploaded prompts live under this directory. */
  mediaDir: string;
  /** Deeper checks of an IVR flow (verb parameters), supplied by server/ivr when present. */
  checkIvrFlow?: (definition: IvrFlowDefinition) => Issue[];
  /** Speaks text with the center's text-to-speech; the path of the WAV (the media server's cache). */
  say: (text: string, voice?: string) => Promise<string>;
  /** The JSON Schema of a flow with every verb's fields (server/ivr's), for the OpenAPI document. */
  ivrFlowJsonSchema?: () => JsonSchema;
  health: () => Promise<Record<string, 'up' | 'down'>>;
  /** Longest lifetime of an API token, in days (API_TOKEN_MAX_DAYS). */
  maxTokenDays: number;
  /** Writes `security: "web"` lines (sign-ins); the API's logger. */
  logger: Logger;
  /** Absent when the API runs without the call center (e.g. API-only tests). */
  agentControl?: AgentControl;
  /** The SIP bans in force and lifting them (server/sip/security-blocks.ts); absent without SIP. */
  securityBlocks?: SecurityBlocksControl;
  /** A trunk's live registration and OPTIONS health (server/sip/trunks); absent without the call center. */
  trunkStatus?: TrunkStatusSource;
  /** Places a trunk's test call (server/sip/outbound/trunk-test-call.ts); absent without the call center. */
  trunkTestCall?: (trunkId: string, to: string) => Promise<TrunkTestOutcome>;
  /** True while the node drains (readiness answers 503); absent: never. */
  draining?: () => boolean;
  /** The Postgres server's pool when the database is one: counters every node shares (login throttle). */
  sharedCounters?: pg.Pool;
  /** Prometheus metrics (/api/metrics); absent without the call center. */
  metrics?: CenterMetrics;
  /** Conferences of calls in progress (server/sip/calls/conference); absent without the call center. */
  conferences?: ConferenceControl;
  transfers?: TransferControl;
  /** Supervisors monitoring calls in progress (server/sip/calls/monitor); absent without the call center. */
  monitors?: MonitorControl;
}

export type TrunkTestOutcome =
  | { refused: { status: 400 | 403 | 404 | 409 | 503; message: string; field?: string } }
  | { result: { outcome: 'answered' | 'failed'; status: number; reason: string; to: string; callerId: string; ringingMs: number | null; answeredMs: number | null } };

export interface SecurityBlocksControl {
  list(): Promise<SecurityBlock[]>;
  lift(address: string, by: string): Promise<boolean>;
}
