// The one interface every routing strategy implements. A strategy sees only the agents that
// may take this call right now (available, member of the queue, not paused, lowest penalty
// present, best skill score for the call's routing step; see Queue.candidates) and says whom
// to ring: one agent, or several for ring-all. Skills rank before the strategy: it only breaks
// ties between agents equally good at what the call needs.
export interface Candidate {
  agentId: string;
  /** When the agent became available (ms since epoch). */
  idleSince: number;
  penalty: number;
  /** Position in the queue's member list. */
  memberIndex: number;
  /** Calls this agent answered from this queue since the ACD started. */
  answeredInQueue: number;
  /** The agent's levels summed over the skills the call's current step requires (0: it requires none). */
  skillScore: number;
}

export interface CallToRoute { callId: string; priority: number; enteredAt: number }

export interface RoutingStrategy {
  readonly name: string;
  /** `candidates` is never empty; the result is a non-empty subset of it. */
  pick(candidates: readonly Candidate[], call: CallToRoute): Candidate[];
}
