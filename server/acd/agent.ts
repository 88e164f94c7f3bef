// One agent: its state machine, when it entered its current state, and its counters. Every
// transition is appended to agent_state_events BEFORE the in-memory state changes and before
// anyone hears of it, so what listeners see is always already on record; if the write fails,
// the agent stays where it was and the caller gets the error.
import type { AgentConfig } from './acd-store.types.js';
import { transition } from './agent-state-machine.js';
import type { AgentEvent, AgentState } from './agent-state.types.js';

export interface AgentTransition {
  agentId: string; event: AgentEvent; from: AgentState; to: AgentState; at: number;
  /** Into wrap-up: when its timer ends it (the desktop counts down to it). */
  wrapUpEndsAt?: number;
}

export interface AgentDeps {
  persist(agentId: string, state: AgentState, at: number): Promise<void>;
  announce(t: AgentTransition): void;
  now(): number;
}

export const skillMap = (config: AgentConfig): ReadonlyMap<string, number> => new Map((config.skills ?? []).map((s) => [s.skill, s.proficiency]));

const sameState = (a: AgentState, b: AgentState) => JSON.stringify(a) === JSON.stringify(b);

export class Agent {
  readonly id: string;
  name: string;
  /** 0: the queue's wrap-up time applies. */
  wrapUpSeconds: number;
  answeredCalls = 0;
  /** Proficiency (1-5) per skill, for skills routing. */
  skills: ReadonlyMap<string, number>;
  /**
   * When the wrap-up the agent is in (or is about to enter: the ACD sets it before the move)
   * ends by its timer; cleared on leaving wrap-up.
   */
  wrapUpEndsAt: number | undefined;
  #state: AgentState;
  #since: number;

  constructor(config: AgentConfig, state: AgentState, since: number, private readonly deps: AgentDeps) {
    this.id = config.id;
    this.name = config.name;
    this.wrapUpSeconds = config.wrapUpSeconds;
    this.skills = skillMap(config);
    this.#state = state;
    this.#since = since;
  }

  get state(): AgentState { return this.#state; }
  /** When the agent entered its current status; for `available` this is what longest-idle compares. */
  get since(): number { return this.#since; }

  /** Throws IllegalTransitionError (state unchanged, nothing written) or the store's error. */
  async apply(event: AgentEvent): Promise<AgentTransition> {
    const from = this.#state;
    const to = transition(from, event);
    const at = this.deps.now();
    const t: AgentTransition = { agentId: this.id, event, from, to, at };
    if (to.status === 'wrap-up' && this.wrapUpEndsAt !== undefined) t.wrapUpEndsAt = this.wrapUpEndsAt;
    // A legal event that changes nothing (go-ready on a call with no pending not-ready) is not a transition.
    if (sameState(from, to)) return t;
    await this.deps.persist(this.id, to, at);
    this.#state = to;
    if (to.status !== from.status) this.#since = at;
    if (to.status !== 'wrap-up') this.wrapUpEndsAt = undefined;
    this.deps.announce(t);
    return t;
  }
}
