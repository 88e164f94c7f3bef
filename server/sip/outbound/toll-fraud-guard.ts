// The toll-fraud guard: the one place that decides whether an agent may call a destination.
// It refuses what the agent's classes do not allow, every high-risk prefix, and calls above
// the per-agent or center-wide caps on concurrent outbound calls and on calls per hour. Each
// refusal is one `security: "outbound"` warn line (for fail2ban-like alerting) and a reason
// the call path sends with its 403. An admitted call holds its concurrency slot until
// release() (idempotent); the hourly count is of admitted calls, in a sliding hour.
import type { Logger } from 'pino';
import type { Classification, DestinationClass } from './dial-plan.js';

export interface AgentOutboundPolicy {
  agentId: string;
  classes: readonly DestinationClass[];
  /** NULL: only the center-wide cap applies. */
  maxConcurrent: number | null;
  maxPerHour: number | null;
}

export interface GuardLimits {
  /** Center-wide caps; NULL for none. */
  maxConcurrent: number | null;
  maxPerHour: number | null;
}

export type GuardDecision = { ok: true; release(): void } | { ok: false; reason: string };

const HOUR_MS = 3_600_000;

export class TollFraudGuard {
  private readonly active = new Map<string, number>();
  private readonly started = new Map<string, number[]>();
  private activeTotal = 0;
  private startedTotal: number[] = [];
  private readonly clock: () => number;

  constructor(private readonly limits: GuardLimits, private readonly logger: Logger, clock?: () => number) {
    this.clock = clock ?? (() => Date.now());
  }

  /** `destination` is the classification of the E.164 number, or internal for an extension. */
  admit(policy: AgentOutboundPolicy, destination: Classification | { class: 'internal' }, facts: { to: string; sipCallId?: string; ip?: string }): GuardDecision {
    const reason = this.refusal(policy, destination);
    if (reason) {
      this.logger.warn({ security: 'outbound', agentId: policy.agentId, to: facts.to, class: destination.class, reason, sipCallId: facts.sipCallId, ip: facts.ip }, 'outbound call refused');
      return { ok: false, reason };
    }
    const now = this.clock();
    this.active.set(policy.agentId, (this.active.get(policy.agentId) ?? 0) + 1);
    this.activeTotal += 1;
    this.started.set(policy.agentId, [...this.recent(policy.agentId, now), now]);
    this.startedTotal.push(now);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.active.set(policy.agentId, (this.active.get(policy.agentId) ?? 1) - 1);
        this.activeTotal -= 1;
      },
    };
  }

  /** Outbound calls of this agent (or of the center) admitted and not released. */
  concurrent(agentId?: string): number {
    return agentId === undefined ? this.activeTotal : this.active.get(agentId) ?? 0;
  }

  private refusal(policy: AgentOutboundPolicy, destination: Classification | { class: 'internal' }): string | undefined {
    if ('highRisk' in destination && destination.highRisk) return `destination ${destination.highRisk} is on the high-risk deny list`;
    if (!policy.classes.includes(destination.class)) return `${destination.class} calls are not allowed for this agent`;
    if (destination.class === 'internal') return undefined;
    const now = this.clock();
    const mine = this.active.get(policy.agentId) ?? 0;
    if (policy.maxConcurrent !== null && mine >= policy.maxConcurrent) return `agent at its cap of ${policy.maxConcurrent} concurrent outbound calls`;
    if (this.limits.maxConcurrent !== null && this.activeTotal >= this.limits.maxConcurrent) return `center at its cap of ${this.limits.maxConcurrent} concurrent outbound calls`;
    if (policy.maxPerHour !== null && this.recent(policy.agentId, now).length >= policy.maxPerHour) return `agent at its cap of ${policy.maxPerHour} outbound calls per hour`;
    this.startedTotal = this.startedTotal.filter((at) => now - at < HOUR_MS);
    if (this.limits.maxPerHour !== null && this.startedTotal.length >= this.limits.maxPerHour) return `center at its cap of ${this.limits.maxPerHour} outbound calls per hour`;
    return undefined;
  }

  private recent(agentId: string, now: number): number[] {
    return (this.started.get(agentId) ?? []).filter((at) => now - at < HOUR_MS);
  }
}
