// What a blind transfer of a connected call may aim at, and what the API answers.
export type TransferTarget =
  | { kind: 'agent'; id: string }
  | { kind: 'extension'; value: string }
  | { kind: 'queue'; id: string };

export interface TransferView {
  call_id: string;
  /** The phase the call moved to: ringing the target agent, or waiting in the target queue. */
  phase: string;
  target: TransferTarget;
}
