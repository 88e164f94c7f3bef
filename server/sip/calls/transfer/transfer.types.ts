import type { ConferencePartyView } from '../conference/conference.types.js';
// What a blind transfer of a connected call may aim at, and what the API answers.
export type TransferTarget =
  | { kind: 'agent'; id: string }
  | { kind: 'extension'; value: string }
  | { kind: 'queue'; id: string }
  /** An outside number, dialled through outbound routing as the transferring agent. */
  | { kind: 'number'; value: string };

export interface TransferView {
  call_id: string;
  /** The phase the call moved to: ringing the target agent, or waiting in the target queue. */
  phase: string;
  target: TransferTarget;
}

/** A consult as the API shows it: its phase (consult-phase.ts) and the party consulted. */
export interface ConsultView {
  call_id: string;
  state: string;
  target: ConferencePartyView;
}
