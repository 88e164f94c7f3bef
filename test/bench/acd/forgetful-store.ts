// The ACD store of the simulations: hands the ACD its configuration and keeps no record. The
// unit tests' MemoryStore clones and keeps every event, which over tens of thousands of calls
// makes each garbage collection copy an ever larger history: the bench would time the test
// store's bookkeeping, not the ACD. (The Postgres part of the bench times the real store.)
import type { AcdStore, AgentConfig, PersistedAgentState, QueueConfig, QueuedCallRecord } from '../../../server/acd/acd-store.types.js';

export class ForgetfulStore implements AcdStore {
  constructor(private readonly agents: AgentConfig[], private readonly queues: QueueConfig[]) {}
  async loadAgents(): Promise<AgentConfig[]> { return structuredClone(this.agents); }
  async loadQueues(): Promise<QueueConfig[]> { return structuredClone(this.queues); }
  async latestAgentStates(): Promise<PersistedAgentState[]> { return []; }
  async appendAgentState(): Promise<void> {}
  async addQueueEvent(): Promise<void> {}
  async closeRestartedCall(): Promise<void> {}
  async queuedCalls(): Promise<QueuedCallRecord[]> { return []; }
}
