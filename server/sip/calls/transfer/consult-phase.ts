// A consult's phase as a transition table, like the call's (../phase-machine.ts): `ringing`
// while the target rings (the caller hears music), `talking` once it answered (agent and
// target talk, the caller still hears music), `handed-over` when the agent completed or hung
// up before the target answered (the caller is put through when it does — Asterisk's "blonde"
// transfer), `done` when it completed, was cancelled, became a conference, or failed.
export const consultPhases = ['ringing', 'talking', 'handed-over', 'done'] as const;
export type ConsultPhase = (typeof consultPhases)[number];

export type ConsultEvent =
  | { type: 'answered' }
  | { type: 'failed'; reason: string }
  /** The agent completes: caller and target talk, the agent leaves. */
  | { type: 'complete' }
  /** The agent goes back to the caller: the target is hung up. */
  | { type: 'cancel' }
  /** Everyone hears everyone: the consult becomes the call's conference. */
  | { type: 'conference' }
  /** The agent hung up: as completing (Asterisk's attended transfer does the same). */
  | { type: 'agent-left' }
  | { type: 'target-left' }
  | { type: 'caller-left' };

export type ConsultEventType = ConsultEvent['type'];

const table: Record<ConsultPhase, Partial<Record<ConsultEventType, ConsultPhase>>> = {
  ringing: { answered: 'talking', failed: 'done', cancel: 'done', complete: 'handed-over', 'agent-left': 'handed-over', 'caller-left': 'done' },
  talking: { complete: 'done', cancel: 'done', conference: 'done', 'agent-left': 'done', 'target-left': 'done', 'caller-left': 'done' },
  'handed-over': { answered: 'done', failed: 'done', 'caller-left': 'done' },
  done: {},
};

export function nextConsultPhase(phase: ConsultPhase, event: ConsultEvent): ConsultPhase | undefined {
  return table[phase][event.type];
}

export function acceptedConsultEvents(phase: ConsultPhase): ConsultEventType[] {
  return Object.keys(table[phase]) as ConsultEventType[];
}
