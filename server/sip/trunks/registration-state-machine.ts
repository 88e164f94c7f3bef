// The outbound registration of one trunk with its carrier as a pure transition table:
// (state, event) → next state, or an IllegalRegistrationTransition. No clocks, no I/O: the
// TrunkRegistration entity (trunk-registration.ts) sends the REGISTERs, arms the timers and
// logs every transition. A pair missing from the table is illegal, never ignored.
export type RegistrationState = 'unregistered' | 'registering' | 'registered' | 'refreshing' | 'failed' | 'unregistering';

export type RegistrationEvent =
  | { type: 'start' }
  /** The carrier's 2xx, with the binding lifetime it granted. */
  | { type: 'registered'; expiresSec: number }
  /** 423 Interval Too Brief: ask again at once with the carrier's Min-Expires. */
  | { type: 'too-brief'; minExpiresSec: number }
  /** Any other final answer, a timeout, or a request that could not be sent. */
  | { type: 'failed'; status: number | null; reason: string }
  /** The refresh timer fired (before the binding expires). */
  | { type: 'refresh-due' }
  /** The backoff timer after a failure fired. */
  | { type: 'retry-due' }
  /** The trunk was deleted, switched off or changed, or the center stops. */
  | { type: 'stop' }
  /** The un-REGISTER was answered (or gave up): nothing is left at the carrier. */
  | { type: 'unregistered' };

export type RegistrationEventType = RegistrationEvent['type'];

export class IllegalRegistrationTransition extends Error {
  constructor(readonly state: RegistrationState, readonly event: RegistrationEventType) {
    super(`trunk registration: ${event} is not allowed in state ${state}`);
  }
}

type Table = Record<RegistrationState, Partial<Record<RegistrationEventType, RegistrationState>>>;

const table: Table = {
  unregistered: { start: 'registering' },
  registering: { registered: 'registered', 'too-brief': 'registering', failed: 'failed', stop: 'unregistering' },
  registered: { 'refresh-due': 'refreshing', stop: 'unregistering' },
  refreshing: { registered: 'registered', 'too-brief': 'refreshing', failed: 'failed', stop: 'unregistering' },
  failed: { 'retry-due': 'registering', stop: 'unregistering' },
  unregistering: { unregistered: 'unregistered' },
};

export function nextRegistrationState(state: RegistrationState, event: RegistrationEvent): RegistrationState {
  const next = table[state][event.type];
  if (next === undefined) throw new IllegalRegistrationTransition(state, event.type);
  return next;
}

/** The events a state accepts (for tests of the full table). */
export function acceptedRegistrationEvents(state: RegistrationState): RegistrationEventType[] {
  return Object.keys(table[state]) as RegistrationEventType[];
}
