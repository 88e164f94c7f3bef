// The phase of one call as a pure transition table: (phase, event) → next phase, or refused.
// Modelled on the ACD's agent-state-machine.ts: a pair missing from the table is illegal, and
// the Call logs and refuses it instead of throwing, so a late event (an answer arriving after
// the caller hung up) can never move an ended call or escape as an error.
export const callPhases = ['answering', 'routing', 'ivr', 'queued', 'ringing-agent', 'connected', 'ended', 'conference', 'survey'] as const;
export type CallPhase = (typeof callPhases)[number];

export type CallPhaseEvent =
  /** The caller's leg is anchored and answered (200 OK sent). */
  | { type: 'answered' }
  | { type: 'start-ivr'; flowId: string }
  /** The IVR returned an outcome; the call is routed on from it. */
  | { type: 'ivr-done' }
  | { type: 'enqueue'; queueId: string }
  /** The ACD moved the caller out of its queue (full, max wait): routed to the overflow destination. */
  | { type: 'overflow' }
  /** A destination that names one agent: ring that agent directly. */
  | { type: 'ring-agent'; agentId: string }
  | { type: 'agent-answered'; agentId: string }
  | { type: 'end'; cause: string }
  /** A party added to the connected call answered: caller, agent and it are mixed (calls/conference). */
  | { type: 'conference-started' }
  /** The agent sent the call on (calls/transfer): the agent leaves, the caller is routed again. */
  | { type: 'transfer' }
  /** The agent hung up and the queue has a post-call survey: the caller stays to answer it (calls/survey.ts). */
  | { type: 'survey' }
  /** A transfer's target agent did not answer: routed again (back to the queue, or the agent who sent it). */
  | { type: 'no-answer' };

export type CallPhaseEventType = CallPhaseEvent['type'];

const table: Record<CallPhase, Partial<Record<CallPhaseEventType, CallPhase>>> = {
  answering: { answered: 'routing', end: 'ended' },
  routing: { 'start-ivr': 'ivr', enqueue: 'queued', 'ring-agent': 'ringing-agent', end: 'ended' },
  ivr: { 'ivr-done': 'routing', end: 'ended' },
  queued: { 'agent-answered': 'connected', overflow: 'routing', end: 'ended' },
  'ringing-agent': { 'agent-answered': 'connected', 'no-answer': 'routing', end: 'ended' },
  connected: { end: 'ended', 'conference-started': 'conference', transfer: 'routing', survey: 'survey' },
  ended: {},
  conference: { end: 'ended' },
  survey: { end: 'ended' },
};

/** The next phase, or undefined when the table has no such transition. */
export function nextPhase(phase: CallPhase, event: CallPhaseEvent): CallPhase | undefined {
  return table[phase][event.type];
}

/** The events a phase accepts (for tests of the whole table). */
export function acceptedCallEvents(phase: CallPhase): CallPhaseEventType[] {
  return Object.keys(table[phase]) as CallPhaseEventType[];
}

/** One call's phase; fire() applies an event or refuses it (reported through onRefused). */
export class PhaseMachine {
  #phase: CallPhase = 'answering';

  constructor(private readonly onRefused: (phase: CallPhase, event: CallPhaseEvent) => void) {}

  get phase(): CallPhase {
    return this.#phase;
  }

  /** True if the event moved the call; false (reported, nothing changed) if it was illegal here. */
  fire(event: CallPhaseEvent): boolean {
    const next = nextPhase(this.#phase, event);
    if (next === undefined) {
      this.onRefused(this.#phase, event);
      return false;
    }
    this.#phase = next;
    return true;
  }
}
