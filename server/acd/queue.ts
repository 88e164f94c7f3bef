// One queue: its configuration, its waiting callers in service order (priority, then
// arrival), its routing strategy and its counters. Pure in-memory logic; AcdService drives
// it and does the recording and timers.
import type { QueueConfig } from './acd-store.types.js';
import type { Agent } from './agent.js';
import type { QueueStats, WaitingCall } from './queue.types.js';
import type { Candidate, RoutingStrategy } from './routing-strategy.types.js';

/** Service order across queues too: higher priority first, then earlier arrival. */
export const serviceOrder = (a: WaitingCall, b: WaitingCall) => b.priority - a.priority || a.seq - b.seq;

export class Queue {
  readonly stats: QueueStats = { entered: 0, answered: 0, answeredWithinServiceLevel: 0, abandoned: 0, overflowed: 0, answeredWaitMs: 0 };
  #waiting: WaitingCall[] = [];
  #answeredBy = new Map<string, number>();

  constructor(public config: QueueConfig, public strategy: RoutingStrategy) {}

  get id(): string { return this.config.id; }
  get waiting(): readonly WaitingCall[] { return this.#waiting; }
  get isFull(): boolean { return this.config.maxQueueLength !== null && this.#waiting.length >= this.config.maxQueueLength; }

  /** The 1-based position `call` would get if added now. */
  positionFor(call: WaitingCall): number {
    const at = this.#waiting.findIndex((w) => serviceOrder(call, w) < 0);
    return (at === -1 ? this.#waiting.length : at) + 1;
  }

  /** Inserts in service order; returns the 1-based position. */
  add(call: WaitingCall): number {
    const position = this.positionFor(call);
    this.#waiting.splice(position - 1, 0, call);
    this.stats.entered += 1;
    return position;
  }

  remove(callId: string): WaitingCall | undefined {
    const index = this.#waiting.findIndex((w) => w.callId === callId);
    return index === -1 ? undefined : this.#waiting.splice(index, 1)[0];
  }

  /** 1-based position, or undefined if the call is not waiting here. */
  position(callId: string): number | undefined {
    const index = this.#waiting.findIndex((w) => w.callId === callId);
    return index === -1 ? undefined : index + 1;
  }

  /** The queue's priority for a caller: the rule with the longest matching prefix, else 0. */
  priorityFor(callerNumber: string): number {
    let best: { length: number; priority: number } = { length: -1, priority: 0 };
    for (const rule of this.config.priorityRules) {
      if (callerNumber.startsWith(rule.caller_prefix) && rule.caller_prefix.length > best.length) {
        best = { length: rule.caller_prefix.length, priority: rule.priority };
      }
    }
    return best.priority;
  }

  /** Members who may take a call now: available, not paused, and of the lowest penalty among those. */
  candidates(agents: ReadonlyMap<string, Agent>): Candidate[] {
    const ready: Candidate[] = [];
    this.config.members.forEach((m, memberIndex) => {
      const agent = agents.get(m.agentId);
      if (m.paused || agent?.state.status !== 'available') return;
      ready.push({ agentId: m.agentId, idleSince: agent.since, penalty: m.penalty, memberIndex, answeredInQueue: this.#answeredBy.get(m.agentId) ?? 0 });
    });
    const lowest = Math.min(...ready.map((c) => c.penalty));
    return ready.filter((c) => c.penalty === lowest);
  }

  recordAnswered(agentId: string, waitMs: number): void {
    this.stats.answered += 1;
    this.stats.answeredWaitMs += waitMs;
    if (waitMs <= this.config.serviceLevelSeconds * 1000) this.stats.answeredWithinServiceLevel += 1;
    this.#answeredBy.set(agentId, (this.#answeredBy.get(agentId) ?? 0) + 1);
  }

  /**
   * Share of calls answered within the service-level threshold among calls that left the
   * queue answered or abandoned (Amazon Connect's definition); null before any such call.
   * Overflowed calls are left out: they were sent elsewhere on purpose.
   */
  serviceLevel(): number | null {
    const handled = this.stats.answered + this.stats.abandoned;
    return handled === 0 ? null : this.stats.answeredWithinServiceLevel / handled;
  }
}
