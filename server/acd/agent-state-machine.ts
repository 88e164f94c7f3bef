// The agent state machine as a pure transition table: (state, event) → next state, or an
// IllegalTransitionError. No clocks, no I/O: the Agent entity persists and announces.
// A pair missing from the table is illegal; nothing is ignored silently (mod_callcenter's
// stuck agents came from state changes nobody checked).
import { IllegalTransitionError } from './acd-errors.js';
import {
  type AgentEvent, type AgentEventOf, type AgentEventType, type AgentState,
  type AgentStateOf, type AgentStatus, systemReasons,
} from './agent-state.types.js';

type Handler<S extends AgentStatus, E extends AgentEventType> = (state: AgentStateOf<S>, event: AgentEventOf<E>) => AgentState;
type Row<S extends AgentStatus> = { [E in AgentEventType]?: Handler<S, E> };
type Table = { [S in AgentStatus]: Row<S> };

const available = (): AgentState => ({ status: 'available' });
const loggedOut = (_s: unknown, e: AgentEventOf<'logout'>): AgentState => ({ status: 'logged-out', ...(e.reason === undefined ? {} : { reason: e.reason }) });
const notReady = (reason: string): AgentState => ({ status: 'not-ready', reason });
/** After a call: the not-ready the agent asked for during it, else available. */
const afterCall = (pending: string | undefined): AgentState => (pending === undefined ? available() : notReady(pending));

/** Events that begin a call rather than refer to the agent's current one. */
const startsCall = new Set<AgentEventType>(['offer', 'direct-call']);
const directCall = (callId: string, pendingNotReady?: string): AgentState => ({ status: 'on-call', callId, ...(pendingNotReady === undefined ? {} : { pendingNotReady }) });

const table: Table = {
  'logged-out': {
    login: available,
  },
  available: {
    logout: loggedOut,
    'go-not-ready': (_s, e) => notReady(e.reason),
    offer: (_s, e) => ({ status: 'ringing', callId: e.callId }),
    'direct-call': (_s, e) => directCall(e.callId),
  },
  ringing: {
    answer: (s) => ({ status: 'on-call', callId: s.callId }),
    'ring-timeout': () => notReady(systemReasons.ringNoAnswer),
    reject: (_s, e) => notReady(e.reason),
    'offer-withdrawn': available,
    // The offer dies with these; the ACD moves the call on to the next agent.
    logout: loggedOut,
    'go-not-ready': (_s, e) => notReady(e.reason),
    // The agent took another call instead; the offered one goes to the next agent.
    'direct-call': (_s, e) => directCall(e.callId),
    recover: available,
  },
  'on-call': {
    hangup: (s, e) => (e.wrapUp ? { ...s, status: 'wrap-up' } : afterCall(s.pendingNotReady)),
    'go-not-ready': (s, e) => ({ ...s, pendingNotReady: e.reason }),
    // A not-ready asked for during the call is withdrawn by asking to be ready.
    'go-ready': (s) => ({ status: 'on-call', callId: s.callId }),
    recover: (s) => ({ ...s, status: 'wrap-up' }),
  },
  'wrap-up': {
    'wrap-up-done': (s) => afterCall(s.pendingNotReady),
    'go-ready': available,
    'go-not-ready': (_s, e) => notReady(e.reason),
    logout: loggedOut,
    'direct-call': (s, e) => directCall(e.callId, s.pendingNotReady),
  },
  'not-ready': {
    'go-ready': available,
    'go-not-ready': (_s, e) => notReady(e.reason),
    logout: loggedOut,
    'direct-call': (s, e) => directCall(e.callId, s.reason),
  },
};

export function transition(state: AgentState, event: AgentEvent): AgentState {
  // The table is indexed by the state's own status, so the handler fits the state.
  const handler = (table[state.status] as Row<AgentStatus>)[event.type] as Handler<AgentStatus, AgentEventType> | undefined;
  if (!handler) throw new IllegalTransitionError(state, event, 'not-allowed');
  if ('callId' in state && 'callId' in event && !startsCall.has(event.type) && state.callId !== event.callId) {
    throw new IllegalTransitionError(state, event, 'wrong-call');
  }
  return handler(state as AgentStateOf<AgentStatus>, event as AgentEventOf<AgentEventType>);
}

/** The events a state accepts (for the API and for tests of the full table). */
export function acceptedEvents(status: AgentStatus): AgentEventType[] {
  return Object.keys(table[status]) as AgentEventType[];
}
