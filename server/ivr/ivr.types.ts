// What an IVR run produces: the outcome handed back to the caller of the interpreter (the SIP
// layer acts on it: queue the call, hang up, …) and the path taken, for the call record.
import type { SkillStep } from '../db/index.js';

/** How the IVR left the call. The IVR never bridges or queues itself; it says what should happen next. */
export type IvrOutcome =
  /** Hand the call to the ACD. `queue` is the queue name or id as written in the flow. */
  | { kind: 'queue'; queue: string; priority?: number; skillSteps?: SkillStep[] }
  /** The flow hung up (hangup verb, a menu out of retries with nowhere to go, or the end of the flow). */
  | { kind: 'hangup'; reason: string }
  /** The caller hung up (or the call's media went away) while the flow ran. */
  | { kind: 'caller-hangup' }
  /** The flow could not go on (loop guard, a failing port); the app decides what the caller gets. */
  | { kind: 'error'; reason: string };

/** One node visited. `digits` are the digits the caller pressed there, in order; `result` says how it ended. */
export interface PathStep {
  node: string;
  verb: string;
  /** ms since the epoch (by the session's clock) when the node started. */
  at: number;
  digits?: string;
  /** e.g. 'timeout', 'invalid', 'open', 'closed', 'failure' — a verb's own word for how it went. */
  result?: string;
}

export interface IvrResult {
  outcome: IvrOutcome;
  path: PathStep[];
  /** Variables set by `set` and `gather` (e.g. an account number for the agent's screen-pop). */
  variables: Record<string, string>;
}
