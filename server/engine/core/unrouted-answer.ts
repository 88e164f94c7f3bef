// The engine's own answer to a new request (outside any dialog) that no app takes. drachtio-
// server answers all of them 503, which a carrier reads as "this PBX is down" and a phone as
// "retry later"; only the first is true, and only while no app is connected at all. One table,
// method by method, says what is true instead.
import type { EngineConfig } from '../config.types.js';

export interface UnroutedAnswer {
  status: number;
  reason: string;
  /** Which capability headers go on the answer. */
  headers: 'none' | 'allow' | 'capabilities';
}

const unavailable: UnroutedAnswer = { status: 503, reason: 'Service Unavailable', headers: 'none' };

/** The engine's 200 to OPTIONS: the center is up, and this is what it can do (RFC 3261 §11.2). */
export const optionsAnswer: UnroutedAnswer = { status: 200, reason: 'OK', headers: 'capabilities' };

/** With at least one app connected: what a method nobody routed gets. */
const byMethod: Record<string, UnroutedAnswer> = {
  // A keepalive or a carrier's probe hears the center is up.
  OPTIONS: optionsAnswer,
  // Calls are what an engine is for: an app that takes them is restarting or not there yet.
  INVITE: unavailable,
  // RFC 6665 §8.2.1: no event package is served, so none is listed in Allow-Events either.
  SUBSCRIBE: { status: 489, reason: 'Bad Event', headers: 'allow' },
};

/** RFC 3261 §8.2.1: a method we know and do not serve here gets 405 with the methods we do. */
const notAllowed: UnroutedAnswer = { status: 405, reason: 'Method Not Allowed', headers: 'allow' };

export interface UnroutedContext {
  /** False for methods never handed to apps outside a dialog (REFER): they are not served. */
  appRoutable: boolean;
  appsConnected: boolean;
  optionsMode: EngineConfig['optionsAutoRespond'];
}

/**
 * The answer for `method` (a SIP method, upper case) when no app routed it. With no app
 * connected the whole service is down: 503, so carriers fail over (OPTIONS included, unless
 * the engine is told to answer them regardless).
 */
export function unroutedAnswer(method: string, c: UnroutedContext): UnroutedAnswer {
  if (!c.appRoutable) return notAllowed;
  if (method === 'OPTIONS' && c.optionsMode === 'off') return unavailable;
  if (method === 'OPTIONS' && c.optionsMode === 'always') return optionsAnswer;
  if (!c.appsConnected) return unavailable;
  return byMethod[method] ?? notAllowed;
}
