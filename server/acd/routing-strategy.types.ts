// The one interface every routing strategy implements. A strategy sees only the agents that
// may take this call right now (available, member of the queue, not paused, lowest penalty
// present; see Queue.candidates) and says whom to ring: one agent, or several for ring-all.
//
// Skills seam: a skills strategy would get the call's required skills through `CallToRoute`
// and the agents' proficiencies through `Candidate`, and filter or rank on them.
export interface Candidate {
  agentId: string;
  /** When the agent became available (ms since epoch). */
  idleSince: number;
  penalty: number;
  /** Position in the queue's member list. */
  memberIndex: number;
  /** Calls this agent answered from this queue since the ACD started. */
  answeredInQueue: number;
}

export interface CallToRoute { callId: string; priority: number; enteredAt: number }

export interface RoutingStrategy {
  readonly name: string;
  /** `candidates` is never empty; the result is a non-empty subset of it. */
  pick(candidates: readonly Candidate[], call: CallToRoute): Candidate[];
}
