// The ACD's public vocabulary: what the SIP layer and the API send in, the typed events the
// service emits, and the wallboard snapshot.
import type { Destination } from '../db/index.js';
import type { QueueEventRecord, StrategyName } from './acd-store.types.js';
import type { PrioritySources } from './priority.js';
import type { SkillStep } from './skill-steps.js';
import type { AgentTransition } from './agent.js';
import type { AgentStatus } from './agent-state.types.js';
import type { QueueStats } from './queue.types.js';

export interface EnqueueRequest {
  /** The calls row must exist: queue events reference it. */
  callId: string;
  queueId: string;
  callerNumber: string;
  /** Overrides every other source of priority (e.g. a transfer keeping it); higher is served first. */
  priority?: number;
  /** The number's, the IVR choice's and the contact's part of the priority; added to the queue's caller rules. */
  prioritySources?: PrioritySources;
  /** The call's own skills routing steps (the IVR's queue verb), instead of the queue's. */
  skillSteps?: SkillStep[];
  /** When the caller first entered a queue (the ACD clock's ms): a transfer back to a queue keeps its place in line. */
  enteredAt?: number;
}

/** What a queue call brings from the queue it was answered from, when its agent transfers it away. */
export interface TransferredFrom {
  queueId: string;
  enteredAt: number;
  priority: number;
}

/** What a waiting caller is told: position and, when it can be estimated, the expected wait. */
export interface WaitEstimate {
  position: number;
  /** Null: the ACD cannot estimate it (nothing handled yet, nobody staffed); say nothing about the wait. */
  estimatedWaitSeconds: number | null;
}

/** `moved`: a supervisor sent the waiting call elsewhere (moveWaiting). */
export type OverflowReason = 'queue-full' | 'max-wait' | 'moved' | 'no-agents';

export type EnqueueOutcome =
  | { status: 'queued'; position: number; averageAnswerSeconds: number | null }
  /** The caller was not queued; send it to `destination` (null: no overflow set, reject with busy). */
  | { status: 'overflow'; reason: 'queue-full' | 'no-agents'; destination: Destination | null };

/** Why the SIP layer could not get an agent to answer before the ACD's ring timeout. */
export type NoAnswerReason = 'rejected' | 'busy' | 'unreachable' | 'forwarded';

/** Why the ACD ended an offer; the SIP layer cancels the INVITE to that agent. */
export type OfferEndReason = 'ring-timeout' | 'answered-elsewhere' | 'caller-hung-up' | 'overflow' | 'agent-unavailable';

export interface OfferEvent {
  callId: string;
  queueId: string;
  agentId: string;
  callerNumber: string;
  ringTimeoutSeconds: number;
  waitSeconds: number;
}

export interface OverflowEvent {
  callId: string;
  queueId: string;
  reason: OverflowReason;
  destination: Destination | null;
  waitSeconds: number;
}

/** Time for a periodic announcement to a waiting caller (position, expected wait). */
export interface AnnounceEvent {
  callId: string;
  queueId: string;
  promptId: string | null;
  position: number;
  waitSeconds: number;
  /** The queue's average wait of answered calls so far; null before the first. */
  averageAnswerSeconds: number | null;
  /** From live data (wait-estimate.ts); null when it cannot be estimated. */
  estimatedWaitSeconds: number | null;
}

/**
 * A call's time in a queue as the ACD saw it. The ACD does not write the `calls` row: the call
 * object owns its record and writes these facts into it (queue, entered, left, outcome, agent).
 */
export type QueueFact =
  | { kind: 'entered'; callId: string; queueId: string; at: number }
  | { kind: 'left'; callId: string; queueId: string; at: number; outcome: 'answered' | 'abandoned' | 'overflow'; agentId?: string; reason?: string };

export type HungUpBy = 'caller' | 'agent' | 'system';

export interface AcdEvents {
  /** Ring this agent for this call; answer with answered() or noAnswer(). */
  offer: [OfferEvent];
  'offer-cancelled': [{ callId: string; agentId: string; reason: OfferEndReason }];
  /** Play the queue's announcement to this waiting caller. */
  announce: [AnnounceEvent];
  /** A waiting caller left by max wait: route it to `destination`. */
  overflow: [OverflowEvent];
  /** Emitted after the transition is in agent_state_events. */
  'agent-state': [AgentTransition];
  /** The call entered or left its queue (emitted inside the command, in order). */
  'queue-fact': [QueueFact];
  /** Emitted after the event is in call_events. */
  'queue-event': [QueueEventRecord];
  /** One pass over waiting calls and free agents finished: the decisions and their offers' state writes (for /metrics). */
  dispatched: [{ ms: number }];
  warning: [{ message: string; queueId?: string }];
  /** A background step (timer, dispatch) failed; it is retried where that makes sense. */
  failure: [{ context: string; error: unknown }];
}

export interface WaitingSnapshot {
  callId: string;
  callerNumber: string;
  priority: number;
  position: number;
  waitSeconds: number;
  ringingAgents: string[];
}

export interface QueueSnapshot {
  queueId: string;
  name: string;
  strategy: StrategyName;
  waiting: WaitingSnapshot[];
  longestWaitSeconds: number;
  agents: Record<AgentStatus, number>;
  stats: Omit<QueueStats, 'answeredWaitMs'> & { serviceLevelSeconds: number; serviceLevel: number | null; averageAnswerSeconds: number | null };
}

export interface AgentSnapshot {
  agentId: string;
  name: string;
  status: AgentStatus;
  reason?: string;
  callId?: string;
  pendingNotReady?: string;
  sinceSeconds: number;
  /** In wrap-up: when its timer ends it (ms since the epoch). */
  wrapUpEndsAt?: number;
  answeredCalls: number;
}

export interface AcdSnapshot {
  at: number;
  /** When the counters (queue stats, answeredCalls) started: they are this process's, not the day's. */
  statsSince: number;
  queues: QueueSnapshot[];
  agents: AgentSnapshot[];
}
