// What an agent reads when the ACD refuses a state change from their softphone: a plain
// sentence ("You can't go ready while a call is ringing.") instead of the ACD's internal
// text, and a stable `code` for programs (`illegal-transition`, `unknown-agent`, …; for a
// refused change also `<action>-while-<state>`, e.g. `go-ready-while-ringing`).
import { AcdError, IllegalTransitionError, type AgentEventType, type AgentStatus } from '../../acd/index.js';
import { ApiError } from './api-error.js';

const actions: Partial<Record<AgentEventType, string>> = { login: 'log in', logout: 'log out', 'go-ready': 'go ready', 'go-not-ready': 'set yourself not ready' };

const states: Record<AgentStatus, string> = {
  'logged-out': 'you are logged out',
  available: 'you are ready',
  ringing: 'a call is ringing',
  'on-call': 'you are on a call',
  'wrap-up': 'you are in wrap-up',
  'not-ready': 'you are not ready',
};

/** The sentences that read better than the general "You can't <action> while <state>." */
const special: Partial<Record<`${AgentEventType}-while-${AgentStatus}`, string>> = {
  'login-while-available': 'You are already logged in.',
  'login-while-not-ready': 'You are already logged in.',
  'logout-while-on-call': "You can't log out during a call. Hang up first.",
  'go-ready-while-logged-out': 'Log in before you go ready.',
  'go-not-ready-while-logged-out': 'Log in before you set yourself not ready.',
};

export function agentErrorFor(err: AcdError): ApiError {
  if (err instanceof IllegalTransitionError) {
    if (err.why === 'wrong-call') return new ApiError(409, 'Your call changed in the meantime. Try again.', undefined, 'wrong-call');
    const code = `${err.event.type}-while-${err.from.status}` as const;
    const sentence = special[code] ?? `You can't ${actions[err.event.type] ?? err.event.type} while ${states[err.from.status]}.`;
    return new ApiError(409, sentence, undefined, code);
  }
  switch (err.code) {
    case 'unknown-agent': return new ApiError(409, 'Your agent account is not known to the call center. Ask an admin to check it.', undefined, err.code);
    case 'closed': return new ApiError(503, 'The call center is restarting. Try again in a moment.', undefined, err.code);
    case 'invalid-request': return new ApiError(400, 'That request was not understood. Reload the page and try again.', undefined, err.code);
    default: return new ApiError(409, 'That is not possible right now. Try again in a moment.', undefined, err.code);
  }
}
