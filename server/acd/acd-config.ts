// Brings the ACD's queues and agents in line with their configuration rows, at load and
// whenever the API changes them (AcdService.reload). Live state is kept: a queue keeps its
// waiting callers and counters, an agent its state. Something removed while still busy
// (a queue with callers, an agent on a call) stays until it is idle, with a warning.
import type { AgentConfig, PersistedAgentState, QueueConfig } from './acd-store.types.js';
import { skillMap, type Agent } from './agent.js';
import type { AgentState } from './agent-state.types.js';
import { Queue } from './queue.js';
import { createStrategy } from './routing-strategies.js';

type Warn = (message: string, queueId?: string) => void;

export function syncQueues(queues: Map<string, Queue>, configs: QueueConfig[], random: (() => number) | undefined, warn: Warn): void {
  const wanted = new Set(configs.map((c) => c.id));
  for (const config of configs) {
    const queue = queues.get(config.id);
    if (!queue) queues.set(config.id, new Queue(config, createStrategy(config.strategy, random)));
    else {
      if (queue.config.strategy !== config.strategy) queue.strategy = createStrategy(config.strategy, random);
      queue.config = config;
    }
    if (config.strategy === 'skills') warn(`queue ${config.name}: strategy skills is not a tie-break; skill steps rank agents in every strategy, ties go by longest idle`, config.id);
  }
  for (const [id, queue] of queues) {
    if (wanted.has(id)) continue;
    if (queue.waiting.length === 0) queues.delete(id);
    else warn(`queue ${queue.config.name} was removed with ${queue.waiting.length} callers waiting; they stay until served`, id);
  }
}

const idle = (state: AgentState) => state.status === 'logged-out' || state.status === 'available' || state.status === 'not-ready';

export function syncAgents(
  agents: Map<string, Agent>,
  configs: AgentConfig[],
  latest: PersistedAgentState[],
  create: (config: AgentConfig, state: AgentState, since: number) => Agent,
  now: number,
  warn: Warn,
): void {
  const latestBy = new Map(latest.map((l) => [l.agentId, l]));
  const wanted = new Set(configs.map((c) => c.id));
  for (const config of configs) {
    const agent = agents.get(config.id);
    if (agent) {
      agent.name = config.name;
      agent.wrapUpSeconds = config.wrapUpSeconds;
      agent.skills = skillMap(config);
    } else {
      const last = latestBy.get(config.id);
      agents.set(config.id, create(config, last?.state ?? { status: 'logged-out' }, last?.at ?? now));
    }
  }
  for (const [id, agent] of agents) {
    if (wanted.has(id)) continue;
    if (idle(agent.state)) agents.delete(id);
    else warn(`agent ${agent.name} was removed while ${agent.state.status}; kept until the call is over`);
  }
}
