// Agent states and the typed events that move an agent between them (issue 6). The table
// itself is in agent-state-machine.ts; the Agent entity (agent.ts) persists each transition.
//
// A not-ready request made during a call cannot interrupt the call; it is carried as
// `pendingNotReady` and applied when the call (and its wrap-up) is over, as agents of
// Amazon Connect and Asterisk (pause during a call) expect.

export const agentStatuses = ['logged-out', 'available', 'ringing', 'on-call', 'wrap-up', 'not-ready'] as const;
export type AgentStatus = (typeof agentStatuses)[number];

export type AgentState =
  /** `reason` says why when the system logged the agent out (e.g. `unregistered`); absent for a logout the agent asked for. */
  | { status: 'logged-out'; reason?: string }
  | { status: 'available' }
  | { status: 'ringing'; callId: string }
  | { status: 'on-call'; callId: string; pendingNotReady?: string }
  | { status: 'wrap-up'; callId: string; pendingNotReady?: string }
  | { status: 'not-ready'; reason: string };

export type AgentStateOf<S extends AgentStatus> = Extract<AgentState, { status: S }>;

export type AgentEvent =
  | { type: 'login' }
  /** `reason` is set when the system logs the agent out (their phones are gone: `unregistered`). */
  | { type: 'logout'; reason?: string }
  | { type: 'go-ready' }
  | { type: 'go-not-ready'; reason: string }
  /** The ACD offers a call; the SIP layer rings the agent's phones. */
  | { type: 'offer'; callId: string }
  | { type: 'answer'; callId: string }
  /** Nobody answered within the queue's ring timeout. */
  | { type: 'ring-timeout'; callId: string }
  /** The agent or the agent's phone declined the offer; `reason` becomes the not-ready reason. */
  | { type: 'reject'; callId: string; reason: string }
  /** The offer ended through no fault of the agent: caller hung up, another agent answered (ring-all), overflow. */
  | { type: 'offer-withdrawn'; callId: string }
  /**
   * The agent is on a call the ACD did not route (dialled directly, or placed by the agent):
   * busy for queue calls until it ends. From not-ready, the reason is kept for after it.
   */
  | { type: 'direct-call'; callId: string }
  /** The connected call ended; `wrapUp` says whether wrap-up time applies. */
  | { type: 'hangup'; callId: string; wrapUp: boolean }
  | { type: 'wrap-up-done'; callId: string }
  /** The process restarted: a ringing offer or a connected call did not survive it. */
  | { type: 'recover' };

export type AgentEventType = AgentEvent['type'];
export type AgentEventOf<T extends AgentEventType> = Extract<AgentEvent, { type: T }>;

export const agentEventTypes: readonly AgentEventType[] = [
  'login', 'logout', 'go-ready', 'go-not-ready', 'offer', 'answer', 'ring-timeout', 'reject',
  'offer-withdrawn', 'direct-call', 'hangup', 'wrap-up-done', 'recover',
];

/** Reasons the ACD itself puts an agent in not-ready with. */
export const systemReasons = { ringNoAnswer: 'ring-no-answer', unregistered: 'unregistered' } as const;
