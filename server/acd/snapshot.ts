// The wallboard view of the ACD: waiting callers per queue with their wait, agents by state,
// and each queue's counters with its service level. A plain JSON-able object.
import type { AcdSnapshot, AgentSnapshot, QueueSnapshot } from './acd-service.types.js';
import type { Agent } from './agent.js';
import { agentStatuses, type AgentStatus } from './agent-state.types.js';
import type { Queue } from './queue.js';

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

function agentSnapshot(now: number, agent: Agent): AgentSnapshot {
  const s = agent.state;
  return {
    agentId: agent.id,
    name: agent.name,
    status: s.status,
    ...(s.status === 'not-ready' || (s.status === 'logged-out' && s.reason !== undefined) ? { reason: s.reason } : {}),
    ...('callId' in s ? { callId: s.callId } : {}),
    ...('pendingNotReady' in s && s.pendingNotReady !== undefined ? { pendingNotReady: s.pendingNotReady } : {}),
    sinceSeconds: seconds(now - agent.since),
    ...(s.status === 'wrap-up' && agent.wrapUpEndsAt !== undefined ? { wrapUpEndsAt: agent.wrapUpEndsAt } : {}),
    answeredCalls: agent.answeredCalls,
  };
}

function queueSnapshot(now: number, queue: Queue, agents: ReadonlyMap<string, Agent>): QueueSnapshot {
  const counts = Object.fromEntries(agentStatuses.map((s) => [s, 0])) as Record<AgentStatus, number>;
  for (const member of queue.config.members) {
    const agent = agents.get(member.agentId);
    if (agent) counts[agent.state.status] += 1;
  }
  const waiting = queue.waiting.map((w, i) => ({
    callId: w.callId, callerNumber: w.callerNumber, priority: w.priority, position: i + 1,
    waitSeconds: seconds(now - w.enteredAt), ringingAgents: [...w.ringing],
  }));
  const { answeredWaitMs, ...stats } = queue.stats;
  return {
    queueId: queue.id,
    name: queue.config.name,
    strategy: queue.config.strategy,
    waiting,
    longestWaitSeconds: Math.max(0, ...waiting.map((w) => w.waitSeconds)),
    agents: counts,
    stats: {
      ...stats,
      serviceLevelSeconds: queue.config.serviceLevelSeconds,
      serviceLevel: queue.serviceLevel(),
      averageAnswerSeconds: stats.answered === 0 ? null : answeredWaitMs / stats.answered / 1000,
    },
  };
}

export function snapshotOf(now: number, statsSince: number, queues: Queue[], agents: Agent[]): AcdSnapshot {
  const byId = new Map(agents.map((a) => [a.id, a]));
  return { at: now, statsSince, queues: queues.map((q) => queueSnapshot(now, q, byId)), agents: agents.map((a) => agentSnapshot(now, a)) };
}
