// A conference's own phase as a transition table, like the call's (../phase-machine.ts):
// `forming` while the first added party rings (caller and agent still talk directly),
// `mixing` once someone joined and the mix is up, `ended` when fewer than two remain or the
// call ends. Adding or losing a party while mixing stays in `mixing`.
export const conferencePhases = ['forming', 'mixing', 'ended'] as const;
export type ConferencePhase = (typeof conferencePhases)[number];

export type ConferencePhaseEvent =
  | { type: 'party-joined'; partyId: string }
  | { type: 'party-failed'; partyId: string; reason: string }
  | { type: 'party-left'; partyId: string; reason: string }
  | { type: 'end'; cause: string };

const table: Record<ConferencePhase, Partial<Record<ConferencePhaseEvent['type'], ConferencePhase>>> = {
  forming: { 'party-joined': 'mixing', 'party-failed': 'ended', end: 'ended' },
  mixing: { 'party-joined': 'mixing', 'party-failed': 'mixing', 'party-left': 'mixing', end: 'ended' },
  ended: {},
};

export function nextConferencePhase(phase: ConferencePhase, event: ConferencePhaseEvent): ConferencePhase | undefined {
  return table[phase][event.type];
}
