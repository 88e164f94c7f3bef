// The routing strategies of issue 6 and the brief (Asterisk app_queue's names): ring-all,
// longest-idle, round-robin (rrmemory: resumes after the last agent offered), fewest-calls,
// random. Ties are broken by longest idle, then by member order, so results are deterministic.
import type { StrategyName } from './acd-store.types.js';
import type { CallToRoute, Candidate, RoutingStrategy } from './routing-strategy.types.js';

const byIdle = (a: Candidate, b: Candidate) => a.idleSince - b.idleSince || a.memberIndex - b.memberIndex;

function best(candidates: readonly Candidate[], compare: (a: Candidate, b: Candidate) => number): Candidate[] {
  const first = [...candidates].sort(compare)[0];
  return first ? [first] : [];
}

export class RingAll implements RoutingStrategy {
  readonly name = 'ring-all';
  pick(candidates: readonly Candidate[], _call: CallToRoute): Candidate[] { return [...candidates]; }
}

export class LongestIdle implements RoutingStrategy {
  readonly name = 'longest-idle';
  pick(candidates: readonly Candidate[], _call: CallToRoute): Candidate[] { return best(candidates, byIdle); }
}

export class FewestCalls implements RoutingStrategy {
  readonly name = 'fewest-calls';
  pick(candidates: readonly Candidate[], _call: CallToRoute): Candidate[] {
    return best(candidates, (a, b) => a.answeredInQueue - b.answeredInQueue || byIdle(a, b));
  }
}

export class RoundRobin implements RoutingStrategy {
  readonly name = 'round-robin';
  #last = -1;
  pick(candidates: readonly Candidate[], _call: CallToRoute): Candidate[] {
    const sorted = [...candidates].sort((a, b) => a.memberIndex - b.memberIndex);
    const next = sorted.find((c) => c.memberIndex > this.#last) ?? sorted[0];
    if (!next) return [];
    this.#last = next.memberIndex;
    return [next];
  }
}

export class RandomPick implements RoutingStrategy {
  readonly name = 'random';
  constructor(private readonly random: () => number = Math.random) {}
  pick(candidates: readonly Candidate[], _call: CallToRoute): Candidate[] {
    const i = Math.min(candidates.length - 1, Math.floor(this.random() * candidates.length));
    const c = candidates[i];
    return c ? [c] : [];
  }
}

/** Skills rank agents before any strategy (Queue.candidates); a queue stored with `skills` breaks ties by longest idle, with a warning (acd-config.ts). */
export function createStrategy(name: StrategyName, random?: () => number): RoutingStrategy {
  switch (name) {
    case 'ring-all': return new RingAll();
    case 'longest-idle':
    case 'skills': return new LongestIdle();
    case 'round-robin': return new RoundRobin();
    case 'fewest-calls': return new FewestCalls();
    case 'random': return new RandomPick(random);
  }
}
