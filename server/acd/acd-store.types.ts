// What the ACD reads and writes in the database, as one narrow interface: the service never
// sees kysely. acd-store.ts implements it over the repositories; unit tests use an in-memory one.
//
// Multi-node seam: today one process owns all live ACD state and the store only records it.
// A shared version would add claimOffer(callId, agentId) here, implemented with
// `SELECT … FOR UPDATE SKIP LOCKED` on a live-state table, and LISTEN/NOTIFY for events.
import type { CallEventName, Destination, PriorityRule, QueuesTable, Skill, SkillStep } from '../db/index.js';
import type { AgentState } from './agent-state.types.js';

export type StrategyName = QueuesTable['strategy'];

export interface QueueMemberConfig { agentId: string; penalty: number; paused: boolean }

export interface QueueConfig {
  id: string;
  name: string;
  strategy: StrategyName;
  ringTimeoutSeconds: number;
  /** Used for agents whose own wrap-up time is 0. */
  wrapUpSeconds: number;
  maxWaitSeconds: number | null;
  overflowDestination: Destination | null;
  maxQueueLength: number | null;
  /** With no member logged in: callers wait, or overflow (on entry, and when the last member logs out). */
  whenNoAgents: 'wait' | 'overflow';
  serviceLevelSeconds: number;
  priorityRules: PriorityRule[];
  /** Skills routing steps of the queue's calls (a call from the IVR may bring its own); empty: anyone. */
  skillSteps: SkillStep[];
  /** One priority point per this many seconds waited; null: no aging. */
  priorityAgingSeconds: number | null;
  /** Added to a VIP contact's priority. */
  vipPriority: number;
  /** Played to waiting callers every announceIntervalSeconds (the SIP layer plays it on `announce`). */
  announcementPromptId: string | null;
  announceIntervalSeconds: number | null;
  /** In the order they were added (round-robin walks this order). */
  members: QueueMemberConfig[];
}

export interface AgentConfig {
  id: string;
  name: string;
  wrapUpSeconds: number;
  /** Proficiency 1-5 per skill; absent: none. */
  skills?: Skill[];
}

export interface PersistedAgentState { agentId: string; state: AgentState; at: number }

export interface QueueEventRecord {
  callId: string;
  queueId: string;
  event: CallEventName;
  agentId?: string;
  data: Record<string, unknown>;
  at: number;
}

/** A call the record says is waiting in a queue. */
export interface QueuedCallRecord { callId: string; queueId: string; enteredAt: number }

export interface AcdStore {
  loadAgents(): Promise<AgentConfig[]>;
  loadQueues(): Promise<QueueConfig[]>;
  latestAgentStates(): Promise<PersistedAgentState[]>;
  appendAgentState(agentId: string, state: AgentState, at: number): Promise<void>;
  addQueueEvent(event: QueueEventRecord): Promise<void>;
  /** Closes a call the record has waiting from before a restart: abandoned, reason `restart`, left the queue at `at`. */
  closeRestartedCall(callId: string, at: number): Promise<void>;
  /** Calls on record as still waiting in a queue (after a restart: callers that died with the process). */
  queuedCalls(): Promise<QueuedCallRecord[]>;
}
