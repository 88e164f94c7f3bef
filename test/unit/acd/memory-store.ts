// An in-memory AcdStore for the unit tests: the same interface the service uses over
// Postgres, with the records kept in arrays the tests inspect, and a switch to make writes fail.
// `calls` stands in for the call records: the rig applies the ACD's queue facts to it the way
// a call's own record would (the ACD itself never writes a call).
import type { QueueFact } from '../../../server/acd/acd-service.types.js';
import type { AcdStore, AgentConfig, PersistedAgentState, QueueConfig, QueuedCallRecord, QueueEventRecord } from '../../../server/acd/acd-store.types.js';
import type { Disposition } from '../../../server/db/index.js';
import { fromRow, toRow } from '../../../server/acd/agent-state-row.js';
import type { AgentState } from '../../../server/acd/agent-state.types.js';

/** The queue columns of a call record, as the facts set them. */
export interface CallQueuePatch {
  status?: 'queued' | 'connected';
  queueId?: string;
  agentId?: string;
  queueEnteredAt?: number;
  queueLeftAt?: number;
  disposition?: Disposition;
}

export class MemoryStore implements AcdStore {
  agentStates: PersistedAgentState[] = [];
  queueEvents: QueueEventRecord[] = [];
  calls = new Map<string, CallQueuePatch>();
  /** While true, every write throws. */
  failWrites = false;
  #writesLeft = Infinity;

  constructor(public agents: AgentConfig[], public queues: QueueConfig[]) {}

  async loadAgents(): Promise<AgentConfig[]> { return structuredClone(this.agents); }
  async loadQueues(): Promise<QueueConfig[]> { return structuredClone(this.queues); }
  async latestAgentStates(): Promise<PersistedAgentState[]> {
    const latest = new Map<string, PersistedAgentState>();
    for (const row of this.agentStates) latest.set(row.agentId, row);
    return [...latest.values()];
  }
  async appendAgentState(agentId: string, state: AgentState, at: number): Promise<void> {
    this.#check();
    // Through the row mapping, so what comes back is what Postgres would give back.
    this.agentStates.push({ agentId, state: fromRow(toRow(state)), at });
  }
  async addQueueEvent(event: QueueEventRecord): Promise<void> {
    this.#check();
    this.queueEvents.push(structuredClone(event));
  }
  async closeRestartedCall(callId: string, at: number): Promise<void> {
    this.#check();
    this.calls.set(callId, { ...this.calls.get(callId), queueLeftAt: at, disposition: 'abandoned' });
  }

  /** What a call's record does with a queue fact. */
  applyFact(f: QueueFact): void {
    const patch: CallQueuePatch = f.kind === 'entered'
      ? { status: 'queued', queueId: f.queueId, queueEnteredAt: f.at }
      : { queueLeftAt: f.at, disposition: f.outcome, ...(f.outcome === 'answered' ? { status: 'connected' as const } : {}), ...(f.agentId ? { agentId: f.agentId } : {}) };
    this.calls.set(f.callId, { ...this.calls.get(f.callId), ...patch });
  }

  async queuedCalls(): Promise<QueuedCallRecord[]> {
    return [...this.calls].flatMap(([callId, c]) => (c.status === 'queued' && c.queueLeftAt === undefined && c.queueId !== undefined
      ? [{ callId, queueId: c.queueId, enteredAt: c.queueEnteredAt ?? 0 }] : []));
  }

  statesOf(agentId: string): string[] {
    return this.agentStates.filter((s) => s.agentId === agentId).map((s) => s.state.status);
  }
  eventsOf(callId: string): string[] {
    return this.queueEvents.filter((e) => e.callId === callId).map((e) => (e.agentId ? `${e.event}:${e.agentId}` : e.event));
  }

  /** Lets `writes` more writes through, then sets failWrites. */
  failAfter(writes: number): void { this.#writesLeft = writes; }

  #check(): void {
    if (this.#writesLeft-- <= 0) {
      this.failWrites = true;
      this.#writesLeft = Infinity;
    }
    if (this.failWrites) throw new Error('store unavailable');
  }
}

export function queueConfig(id: string, agentIds: string[], overrides: Partial<QueueConfig> = {}): QueueConfig {
  return {
    id, name: `queue ${id}`, strategy: 'longest-idle', ringTimeoutSeconds: 20, wrapUpSeconds: 0,
    maxWaitSeconds: null, overflowDestination: null, maxQueueLength: null, whenNoAgents: 'wait', serviceLevelSeconds: 20,
    priorityRules: [], skillSteps: [], priorityAgingSeconds: null, vipPriority: 10, announcementPromptId: null, announceIntervalSeconds: null, members: agentIds.map((agentId) => ({ agentId, penalty: 0, paused: false })),
    ...overrides,
  };
}

export const agentConfig = (id: string, wrapUpSeconds = 0, skills: Record<string, number> = {}): AgentConfig =>
  ({ id, name: `agent ${id}`, wrapUpSeconds, skills: Object.entries(skills).map(([skill, proficiency]) => ({ skill, proficiency })) });
