// Row types of every table, as kysely sees them. `Generated` columns have defaults; JSON
// columns are typed by what the API writes into them: every list or object is jsonb, and
// json-parameters.plugin.ts serializes such values on the way in. Ids are uuid strings; event ids are
// bigint and arrive as strings (pg does not narrow int8 to number).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, never, never>;

export type Role = 'admin' | 'supervisor' | 'agent';

export interface Skill { skill: string; proficiency: number }
export interface Destination { type: 'ivr' | 'queue' | 'agent' | 'extension' | 'hangup'; id?: string; extension?: string }
export interface PriorityRule { caller_prefix: string; priority: number }
/** A skill a routing step asks for, with the lowest proficiency (1-5) that will do. */
export interface SkillRequirement { skill: string; min: number }
/** One routing step: agents with all of `require` may answer; after `seconds` (null: never) the next step applies (migration 0019). */
export interface SkillStep { require: SkillRequirement[]; seconds: number | null }
export interface WeeklyHours { day: number; open: string; close: string }
export interface Holiday { date: string; name: string }
export interface PausedSpan { from_seconds: number; to_seconds: number }

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: Generated<string>;
  email: string | null;
  role: Role;
  password_hash: string;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  /** 'session': a sign-in (POST /api/auth/login); 'api': made by POST /api/tokens (migration 0005). */
  kind: Generated<'session' | 'api'>;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface AgentsTable {
  id: Generated<string>;
  user_id: string | null;
  name: string;
  extension: string;
  sip_username: string;
  sip_realm: string;
  sip_ha1_md5: string;
  sip_ha1_sha256: string;
  skills: Generated<Skill[]>;
  wrap_up_seconds: Generated<number>;
  max_concurrent_calls: Generated<number>;
  /** What the agent's desk phone is offered (migration 0008, media/srtp-profile.ts); browsers always get DTLS. */
  media_encryption: Generated<'none' | 'optional' | 'required'>;
  /** Toll-fraud policy and caller id of the agent's outbound calls (migration 0014). */
  outbound_classes: Generated<('internal' | 'national' | 'international' | 'premium')[]>;
  outbound_caller_id: string | null;
  outbound_max_concurrent: number | null;
  outbound_max_per_hour: number | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TrunksTable {
  id: Generated<string>;
  name: string;
  auth_type: 'ip' | 'registration';
  allowed_cidrs: Generated<string[]>;
  register_host: string | null;
  register_port: number | null;
  register_transport: 'udp' | 'tcp' | 'tls' | null;
  register_username: string | null;
  /** Kept in clear because we must answer the carrier's challenge; never leaves the API. */
  register_password: string | null;
  register_realm: string | null;
  register_expiry_seconds: number | null;
  outbound_proxy: string | null;
  codecs: Generated<string[]>;
  max_channels: number | null;
  /** New calls per second accepted from the trunk (migration 0006); NULL: no cap. */
  max_cps: number | null;
  /** 'required': plain-RTP offers from the trunk get 488 (migration 0008); 'optional': the offer decides. */
  media_encryption: Generated<'optional' | 'required'>;
  default_caller_id: string | null;
  /** Where outbound INVITEs go (sip:host[:port][;transport=…]), migration 0014; NULL: no outbound calls. */
  outbound_uri: string | null;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PromptsTable {
  id: Generated<string>;
  name: string;
  kind: 'text' | 'audio';
  text: string | null;
  voice: string | null;
  /** File name under the media directory's prompts/ folder. */
  audio_file: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SchedulesTable {
  id: Generated<string>;
  name: string;
  time_zone: string;
  weekly_hours: Generated<WeeklyHours[]>;
  holidays: Generated<Holiday[]>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface IvrFlowsTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  current_version: number;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface IvrFlowVersionsTable {
  flow_id: string;
  version: number;
  definition: IvrFlowDefinition;
  created_at: CreatedAt;
}

/** Validated by the API's IVR flow schema; interpreted by server/ivr. */
/** `voice`: the flow's default text-to-speech voice (its language), for text without one of its own. */
export interface IvrFlowDefinition { start: string; nodes: Record<string, IvrNode>; voice?: string }
export interface IvrNode { verb: string; next?: string; [param: string]: unknown }

/** A queue's post-call survey: the questions (1–5), what the caller hears at the end, the voice. */
export interface QueueSurvey {
  questions: string[];
  thanks?: string;
  voice?: string;
}

/** One survey question and the caller's 1–5, or null when none was pressed. */
export interface SurveyAnswer {
  question: string;
  answer: number | null;
}

export interface QueuesTable {
  id: Generated<string>;
  name: string;
  strategy: 'ring-all' | 'longest-idle' | 'round-robin' | 'fewest-calls' | 'random' | 'skills';
  ring_timeout_seconds: Generated<number>;
  wrap_up_seconds: Generated<number>;
  max_wait_seconds: number | null;
  overflow_destination: Destination | null;
  max_queue_length: number | null;
  music_prompt_id: string | null;
  announcement_prompt_id: string | null;
  announce_interval_seconds: number | null;
  service_level_seconds: Generated<number>;
  callback_allowed: Generated<boolean>;
  priority_rules: Generated<PriorityRule[]>;
  required_skills: Generated<Skill[]>;
  /** Skills routing in timed steps; after the last timed step anyone in the queue (migration 0019). */
  skill_steps: Generated<SkillStep[]>;
  /** One priority point per this many seconds waited; null: priority does not age. */
  priority_aging_seconds: number | null;
  /** Added to the priority of a caller whose contact is VIP. */
  vip_priority: Generated<number>;
  schedule_id: string | null;
  supervisor_ids: Generated<string[]>;
  /** Disposition codes the agent picks from at wrap-up (migration 0025). */
  wrap_up_codes: Generated<string[]>;
  wrap_up_code_required: Generated<boolean>;
  /** Markdown shown to the agent during the queue's calls (migration 0026). */
  script: string | null;
  /** Questions asked after the agent hangs up, answered 1–5; null: none (migration 0033). */
  survey: QueueSurvey | null;
  /** With no member logged in: callers wait, or go to the overflow destination (migration 0034). */
  when_no_agents: Generated<'wait' | 'overflow'>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface QueueMembersTable {
  queue_id: string;
  agent_id: string;
  penalty: Generated<number>;
  proficiency: Generated<number>;
  paused: Generated<boolean>;
  created_at: CreatedAt;
}

export interface NumbersTable {
  id: Generated<string>;
  e164: string;
  trunk_id: string | null;
  destination: Destination;
  description: Generated<string>;
  /** Priority of calls to this number in any queue (migration 0019). */
  priority: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ContactsTable {
  id: Generated<string>;
  phone_number: string;
  name: string;
  company: Generated<string>;
  notes: Generated<string>;
  /** A VIP's calls get the queue's vip_priority (migration 0019). */
  vip: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type CallDirection = 'inbound' | 'outbound' | 'internal';
export type CallStatus = 'ringing' | 'ivr' | 'queued' | 'connected' | 'completed';
export type Disposition = 'answered' | 'abandoned' | 'no-answer' | 'busy' | 'failed' | 'voicemail' | 'callback' | 'overflow' | 'closed' | 'no-agent' | 'ivr-ended';

export interface CallsTable {
  id: Generated<string>;
  direction: CallDirection;
  status: Generated<CallStatus>;
  from_number: string;
  to_number: string;
  trunk_id: string | null;
  number_id: string | null;
  ivr_path: Generated<string[]>;
  queue_id: string | null;
  agent_id: string | null;
  started_at: Timestamp;
  answered_at: Timestamp | null;
  queue_entered_at: Timestamp | null;
  queue_left_at: Timestamp | null;
  ended_at: Timestamp | null;
  duration_seconds: number | null;
  hangup_cause: string | null;
  hangup_side: 'caller' | 'callee' | 'system' | null;
  disposition: Disposition | null;
  /** IVR variables (`set`, `gather`): the agent's screen-pop data. */
  variables: Generated<Record<string, string>>;
  /** The agent's wrap-up: a code of the queue's list and notes (migration 0025). */
  wrap_up_code: string | null;
  notes: string | null;
  /** The post-call survey's answers, in the order asked (migration 0033). */
  survey_answers: SurveyAnswer[] | null;
}

export interface CallLegsTable {
  id: Generated<string>;
  call_id: string;
  role: 'caller' | 'agent' | 'transfer' | 'outbound' | 'supervisor';
  sip_call_id: string | null;
  remote_uri: string | null;
  agent_id: string | null;
  started_at: Timestamp;
  answered_at: Timestamp | null;
  ended_at: Timestamp | null;
  hangup_cause: string | null;
}

export type CallEventName = 'entered' | 'offered' | 'answered' | 'no-answer' | 'abandoned' | 'transferred' | 'overflowed' | 'callback-requested' | 'completed' | 'conference-joined' | 'conference-left';

/** A queue's figures in one UTC quarter hour, kept by a trigger on call_events (migration 0030). */
export interface QueueIntervalsTable {
  queue_id: string;
  interval_start: Timestamp;
  offered: number;
  answered: number;
  answered_within_target: number;
  abandoned: number;
  short_abandoned: number;
  overflowed: number;
  transferred: number;
  wait_seconds_answered: string;
  finished: number;
  talk_seconds: string;
}

/** An agent's figures in one UTC quarter hour, kept by triggers (migration 0031): calls from call_events, seconds per state from agent_state_events. */
export interface AgentIntervalsTable {
  agent_id: string;
  interval_start: Timestamp;
  answered: number;
  handled: number;
  transferred: number;
  handled_talk_seconds: number;
  ringing_seconds: number;
  available_seconds: number;
  talk_seconds: number;
  wrap_up_seconds: number;
  not_ready_seconds: number;
}

/** An agent's not-ready seconds per reason in one UTC quarter hour (migration 0031). */
export interface AgentNotReadyIntervalsTable {
  agent_id: string;
  interval_start: Timestamp;
  reason: string;
  seconds: number;
}

/** The wrap-up codes an agent gave the calls that started in one UTC quarter hour (migration 0031). */
export interface AgentDispositionIntervalsTable {
  agent_id: string;
  interval_start: Timestamp;
  code: string;
  calls: number;
}

export interface CallEventsTable {
  id: Generated<string>;
  call_id: string;
  event: CallEventName;
  queue_id: string | null;
  agent_id: string | null;
  data: Generated<Record<string, unknown>>;
  at: Timestamp;
}

export const liveEventTypes = ['agent.state', 'call.offered', 'call.answered', 'call.ended', 'queue.counts'] as const;
export type LiveEventType = (typeof liveEventTypes)[number];

/** The event hub's log (server/api/events): ids are the clients' resume cursors. */
export interface LiveEventsTable {
  id: Generated<string>;
  type: LiveEventType;
  agent_id: string | null;
  queue_id: string | null;
  call_id: string | null;
  data: Generated<Record<string, unknown>>;
  at: Timestamp;
}

export interface WebhooksTable {
  id: Generated<string>;
  url: string;
  events: LiveEventType[];
  /** Sealed (secret-box.ts); the repository opens it for signing only. */
  secret: string;
  enabled: Generated<boolean>;
  cursor: Generated<string>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  webhook_id: string;
  event_id: string;
  event_type: LiveEventType;
  attempt: number;
  status: number | null;
  error: string | null;
  at: Timestamp;
}

export interface NotReadyReasonsTable {
  name: string;
  position: number;
}

export type AgentState = 'offline' | 'available' | 'ringing' | 'on-call' | 'wrap-up' | 'away';

export interface AgentStateEventsTable {
  id: Generated<string>;
  agent_id: string;
  state: AgentState;
  reason: string | null;
  at: Timestamp;
}

export interface RecordingsTable {
  id: Generated<string>;
  call_id: string;
  /** File name under the media directory's recordings/ folder. */
  file: string;
  duration_seconds: number | null;
  channels: Generated<number>;
  paused_spans: Generated<PausedSpan[]>;
  created_at: CreatedAt;
}

/** A transition of a trunk's outbound registration (migration 0013). */
export interface TrunkRegistrationEventsTable {
  id: Generated<string>;
  trunk_id: string;
  from_state: string;
  to_state: string;
  event: string;
  /** The carrier's SIP status, null for a timer event or a REGISTER that got no answer. */
  status: number | null;
  reason: string | null;
  at: CreatedAt;
}

/** Outbound routes (migration 0014): the first enabled matching prefix picks the trunks. */
export interface OutboundRoutesTable {
  id: Generated<string>;
  name: string;
  priority: Generated<number>;
  match_prefix: Generated<string>;
  strip_digits: Generated<number>;
  add_prefix: Generated<string>;
  trunk_ids: Generated<string[]>;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** One change made through the API (migration 0029); before/after are API views without secrets. */
export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Date>;
  /** The token's user; null for a change the server makes itself. */
  actor_id: string | null;
  actor_username: string | null;
  actor_role: Role | null;
  /** create, update, delete, or a verb: revoke, lift, member.add, upload-audio, … */
  action: string;
  resource_type: string;
  resource_id: string | null;
  /** 'PATCH /api/trunks/:id' */
  route: string | null;
  address: string | null;
  /** Names of the fields the request set (never their values). */
  changed: string[] | null;
  before: unknown;
  after: unknown;
}

export interface Database {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  agents: AgentsTable;
  trunks: TrunksTable;
  prompts: PromptsTable;
  schedules: SchedulesTable;
  ivr_flows: IvrFlowsTable;
  ivr_flow_versions: IvrFlowVersionsTable;
  queues: QueuesTable;
  queue_members: QueueMembersTable;
  numbers: NumbersTable;
  contacts: ContactsTable;
  calls: CallsTable;
  call_legs: CallLegsTable;
  call_events: CallEventsTable;
  queue_intervals: QueueIntervalsTable;
  agent_intervals: AgentIntervalsTable;
  agent_not_ready_intervals: AgentNotReadyIntervalsTable;
  agent_disposition_intervals: AgentDispositionIntervalsTable;
  live_events: LiveEventsTable;
  webhooks: WebhooksTable;
  not_ready_reasons: NotReadyReasonsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  agent_state_events: AgentStateEventsTable;
  recordings: RecordingsTable;
  trunk_registration_events: TrunkRegistrationEventsTable;
  outbound_routes: OutboundRoutesTable;
  audit_log: AuditLogTable;
}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowPatch<T extends keyof Database> = Updateable<Database[T]>;
