// One queue: its configuration, its waiting callers in service order (priority with aging,
// then arrival), its routing strategy, its counters and the live figures its wait estimate
// needs. Pure in-memory logic; AcdService drives it and does the recording and timers.
import type { QueueConfig } from './acd-store.types.js';
import type { Agent } from './agent.js';
import { type PriorityParts, type PrioritySources } from './priority.js';
import type { QueueStats, WaitingCall } from './queue.types.js';
import type { Candidate, RoutingStrategy } from './routing-strategy.types.js';
import { skillScore, type SkillRequirement } from './skill-steps.js';
import { Arrivals, HandleTimes } from './wait-estimate.js';

/**
 * A queue's line: higher priority first, then earlier arrival. With aging, every call of the
 * queue gains priority at the same rate, so comparing priorities at any common moment gives
 * the same answer: a point of priority is worth `agingSeconds` of earlier arrival.
 */
const lineOrder = (agingSeconds: number | null) => (a: WaitingCall, b: WaitingCall) =>
  b.priority - a.priority + (agingSeconds ? (a.enteredAt - b.enteredAt) / (agingSeconds * 1000) : 0) || a.enteredAt - b.enteredAt || a.seq - b.seq;

export class Queue {
  readonly stats: QueueStats = { entered: 0, answered: 0, answeredWithinServiceLevel: 0, abandoned: 0, overflowed: 0, answeredWaitMs: 0 };
  readonly handleTimes = new HandleTimes();
  readonly arrivals = new Arrivals();
  #waiting: WaitingCall[] = [];
  #answeredBy = new Map<string, number>();
  #config: QueueConfig;
  #order: (a: WaitingCall, b: WaitingCall) => number;

  constructor(config: QueueConfig, public strategy: RoutingStrategy) {
    this.#config = config;
    this.#order = lineOrder(config.priorityAgingSeconds);
  }

  get config(): QueueConfig { return this.#config; }
  /** A new aging setting reorders the line of callers already waiting. */
  set config(config: QueueConfig) {
    this.#config = config;
    this.#order = lineOrder(config.priorityAgingSeconds);
    this.#waiting.sort(this.#order);
  }

  get id(): string { return this.config.id; }
  get waiting(): readonly WaitingCall[] { return this.#waiting; }
  get isFull(): boolean { return this.config.maxQueueLength !== null && this.#waiting.length >= this.config.maxQueueLength; }

  /** The 1-based position `call` would get if added now. */
  positionFor(call: WaitingCall): number {
    const at = this.#waiting.findIndex((w) => this.#order(call, w) < 0);
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

  /** Where a caller's priority comes from (see priority.ts). */
  priorityParts(callerNumber: string, sources: PrioritySources): PriorityParts {
    return { rule: this.priorityFor(callerNumber), number: sources.number ?? 0, choice: sources.choice ?? 0, vip: sources.vip ? this.config.vipPriority : 0 };
  }

  /**
   * Members who may take a call now: available, not paused, not `excluded`, with every skill
   * `require` asks for at its level; of those, the best skill score, then the lowest penalty.
   */
  candidates(agents: ReadonlyMap<string, Agent>, require: readonly SkillRequirement[] = [], excluded?: ReadonlySet<string>): Candidate[] {
    const ready: Candidate[] = [];
    this.config.members.forEach((m, memberIndex) => {
      const agent = agents.get(m.agentId);
      if (m.paused || agent?.state.status !== 'available' || excluded?.has(m.agentId)) return;
      const score = skillScore(agent.skills, require);
      if (score === null) return;
      ready.push({ agentId: m.agentId, idleSince: agent.since, penalty: m.penalty, memberIndex, answeredInQueue: this.#answeredBy.get(m.agentId) ?? 0, skillScore: score });
    });
    const best = Math.max(...ready.map((c) => c.skillScore));
    const skilled = ready.filter((c) => c.skillScore === best);
    const lowest = Math.min(...skilled.map((c) => c.penalty));
    return skilled.filter((c) => c.penalty === lowest);
  }

  /**
   * Members staffing the queue for a call needing `require` (logged in, not paused, not
   * not-ready, with the skills) and how many of them are free.
   */
  staffing(agents: ReadonlyMap<string, Agent>, require: readonly SkillRequirement[] = []): { staffed: number; free: number } {
    let staffed = 0;
    let free = 0;
    for (const m of this.config.members) {
      const agent = agents.get(m.agentId);
      const status = agent?.state.status;
      if (m.paused || !agent || status === 'logged-out' || status === 'not-ready' || skillScore(agent.skills, require) === null) continue;
      staffed += 1;
      if (status === 'available') free += 1;
    }
    return { staffed, free };
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
