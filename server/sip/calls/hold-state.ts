// Who holds a bridged call, as a transition table (model: acd/agent-state-machine.ts). Either
// party may hold and resume, independently; the state says which media the call needs: a
// party held by the other hears the music, and the party that holds hears nothing. A pair
// missing from the table (resume when not holding, hold twice) keeps the state: a phone that
// repeats its hold offer (session refresh, codec change while held) is answered the same.
export type HoldState = 'talking' | 'held-by-agent' | 'held-by-caller' | 'held-by-both';
export type HoldParty = 'agent' | 'caller';
export interface HoldEvent { type: 'hold' | 'resume'; by: HoldParty }

type Row = Partial<Record<`${HoldEvent['type']}:${HoldParty}`, HoldState>>;

const table: Record<HoldState, Row> = {
  talking: { 'hold:agent': 'held-by-agent', 'hold:caller': 'held-by-caller' },
  'held-by-agent': { 'resume:agent': 'talking', 'hold:caller': 'held-by-both' },
  'held-by-caller': { 'resume:caller': 'talking', 'hold:agent': 'held-by-both' },
  'held-by-both': { 'resume:agent': 'held-by-caller', 'resume:caller': 'held-by-agent' },
};

export function holdTransition(state: HoldState, event: HoldEvent): HoldState {
  return table[state][`${event.type}:${event.by}`] ?? state;
}

/** The media a state needs: who hears the music, and whether the parties' audio is cut both ways. */
export interface HoldMediaPlan {
  musicTo: HoldParty | null;
  /** Neither party's audio reaches the other (any hold): the holder receives nothing. */
  cut: boolean;
}

export function holdMediaPlan(state: HoldState): HoldMediaPlan {
  switch (state) {
    case 'talking': return { musicTo: null, cut: false };
    case 'held-by-agent': return { musicTo: 'caller', cut: true };
    case 'held-by-caller': return { musicTo: 'agent', cut: true };
    case 'held-by-both': return { musicTo: null, cut: true };
  }
}
