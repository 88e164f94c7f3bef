// Public types of a call's conference (the Conference entity lives in conference.ts): who
// may be added (the live-call API's Target), the parties as the API shows them, the center
// setting for the last agent leaving, and the typed events the entity emits.

/** Who to add: one of our agents, an agent's extension, or an outside number (through outbound routing). */
export type ConferenceTarget =
  | { kind: 'agent'; id: string }
  | { kind: 'extension'; value: string }
  | { kind: 'number'; value: string };

/** The last agent leaving: end the call for everyone, or hand it over (caller and outside parties keep talking). */
export const lastAgentChoices = ['end', 'hand-over'] as const;
export type LastAgentLeaves = (typeof lastAgentChoices)[number];

export interface ConferenceSettings {
  lastAgentLeaves: LastAgentLeaves;
}

export const defaultConferenceSettings: ConferenceSettings = { lastAgentLeaves: 'end' };

/** `monitor`: a supervisor listening, whispering or barging (../monitor); shown to nobody else. */
export type PartyRole = 'caller' | 'agent' | 'outside' | 'monitor';

export const monitorModes = ['listen', 'whisper', 'barge'] as const;
export type MonitorMode = (typeof monitorModes)[number];
export type PartyStatus = 'ringing' | 'joined' | 'left';

export interface ConferencePartyView {
  party_id: string;
  role: PartyRole;
  agent_id: string | null;
  /** sip:… of an agent, the E.164 number of an outside party, the caller's number. */
  address: string;
  status: PartyStatus;
  joined_at: string | null;
  left_at: string | null;
}

export interface ConferenceView {
  call_id: string;
  state: string;
  last_agent_leaves: LastAgentLeaves;
  parties: ConferencePartyView[];
}

/** Why a conference request cannot be done: the API's status and a message for people. */

export interface ConferenceEvents {
  'party-joined': [ConferencePartyView];
  'party-left': [ConferencePartyView & { reason: string }];
  /** An added party that never joined (no answer, refused, cancelled). */
  'party-failed': [ConferencePartyView & { reason: string }];
  ended: [{ cause: string }];
}
