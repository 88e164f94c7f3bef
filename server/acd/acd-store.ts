// AcdStore over the data layer's repositories (server/db). Reads page through the
// provisioning tables once at load; writes are single-row appends and updates.
import type { Repositories, Row } from '../db/index.js';
import type { AcdStore, AgentConfig, QueueConfig } from './acd-store.types.js';
import { fromRow, toRow } from './agent-state-row.js';

type Lists = Pick<Repositories, 'agents' | 'queues'>;

async function all<T>(list: (o: { limit: number; after?: string }) => Promise<{ items: T[]; next: string | null }>): Promise<T[]> {
  const rows: T[] = [];
  let after: string | undefined;
  do {
    const page = await list({ limit: 500, ...(after ? { after } : {}) });
    rows.push(...page.items);
    after = page.next ?? undefined;
  } while (after);
  return rows;
}

function queueConfig(row: Row<'queues'>, members: Row<'queue_members'>[]): QueueConfig {
  return {
    id: row.id,
    name: row.name,
    strategy: row.strategy,
    ringTimeoutSeconds: row.ring_timeout_seconds,
    wrapUpSeconds: row.wrap_up_seconds,
    maxWaitSeconds: row.max_wait_seconds,
    overflowDestination: row.overflow_destination,
    maxQueueLength: row.max_queue_length,
    whenNoAgents: row.when_no_agents,
    serviceLevelSeconds: row.service_level_seconds,
    priorityRules: row.priority_rules,
    skillSteps: row.skill_steps,
    priorityAgingSeconds: row.priority_aging_seconds,
    vipPriority: row.vip_priority,
    announcementPromptId: row.announcement_prompt_id,
    announceIntervalSeconds: row.announce_interval_seconds,
    members: members.map((m) => ({ agentId: m.agent_id, penalty: m.penalty, paused: m.paused })),
  };
}

export function createAcdStore(repos: Lists & Pick<Repositories, 'agentStates' | 'callEvents' | 'calls'>): AcdStore {
  return {
    async loadAgents(): Promise<AgentConfig[]> {
      const rows = await all((o) => repos.agents.list(o));
      return rows.map((a) => ({ id: a.id, name: a.name, wrapUpSeconds: a.wrap_up_seconds, skills: a.skills }));
    },
    async loadQueues(): Promise<QueueConfig[]> {
      const rows = await all((o) => repos.queues.list(o));
      return Promise.all(rows.map(async (q) => queueConfig(q, await repos.queues.listMembers(q.id))));
    },
    async latestAgentStates() {
      const rows = await repos.agentStates.latest();
      return rows.map((r) => ({ agentId: r.agent_id, state: fromRow(r), at: r.at.getTime() }));
    },
    async appendAgentState(agentId, state, at) {
      await repos.agentStates.append({ agent_id: agentId, ...toRow(state), at: new Date(at) });
    },
    async addQueueEvent(e) {
      await repos.callEvents.add({ call_id: e.callId, queue_id: e.queueId, agent_id: e.agentId ?? null, event: e.event, data: e.data, at: new Date(e.at) });
    },
    async queuedCalls() {
      const rows = await repos.calls.stillQueued();
      return rows.flatMap((r) => (r.queue_id === null ? [] : [{ callId: r.id, queueId: r.queue_id, enteredAt: (r.queue_entered_at ?? r.started_at).getTime() }]));
    },
    async closeRestartedCall(callId, at) {
      await repos.calls.closeAfterRestart(callId, new Date(at));
    },
  };
}
