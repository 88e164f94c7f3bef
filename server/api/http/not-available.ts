// Settings the schema knows but nothing in the call center acts on yet. Accepting them would
// let an admin believe they work, so a write that turns one on is refused with 400 naming the
// field and saying it is not available yet; the defaults (off, empty, the stored default)
// stay accepted so that a client may send back what it read.
import type { Issue } from '../../validation/schema.js';
import { badRequest } from './api-error.js';

export interface Unavailable {
  field: string;
  /** Whether the input turns the setting on (a value other than its default). */
  used: boolean;
  /** What is not available, and what to do instead. */
  why: string;
}

export const notAvailableMessage = (why: string) => `is not available yet: ${why}`;

/** Throws 400 with one issue per setting the input turns on. */
export function refuseUnavailable(settings: Unavailable[]): void {
  const issues: Issue[] = settings.filter((s) => s.used).map((s) => ({ path: `body.${s.field}`, message: notAvailableMessage(s.why) }));
  if (issues.length) throw badRequest(issues, `not available yet: ${issues.map((i) => i.path.replace(/^body\./, '')).join(', ')}`);
}

const nonEmpty = (v: unknown[] | undefined) => v !== undefined && v.length > 0;
const set = (v: unknown) => v !== undefined && v !== null;

// Skills routing is built on skill_steps (timed steps); skills rank agents in every strategy.
export const queueUnavailable = (q: { strategy?: string; required_skills?: unknown[]; callback_allowed?: boolean; schedule_id?: string | null }): Unavailable[] => [
  { field: 'strategy', used: q.strategy === 'skills', why: 'skills rank agents in every strategy: set skill_steps, and a strategy (ring-all, longest-idle, round-robin, fewest-calls or random) for ties' },
  { field: 'required_skills', used: nonEmpty(q.required_skills), why: 'skills are asked for in timed steps: use skill_steps' },
  { field: 'callback_allowed', used: q.callback_allowed === true, why: 'callers cannot ask for a callback yet' },
  { field: 'schedule_id', used: set(q.schedule_id), why: 'queues do not follow opening hours; branch on the schedule with an hours node in the IVR flow' },
];

export const agentUnavailable = (a: { max_concurrent_calls?: number }): Unavailable[] => [
  { field: 'max_concurrent_calls', used: a.max_concurrent_calls !== undefined && a.max_concurrent_calls !== 1, why: 'an agent takes one call at a time' },
];

export const memberUnavailable = (m: { proficiency?: number }): Unavailable[] => [
  { field: 'proficiency', used: m.proficiency !== undefined && m.proficiency !== 3, why: "proficiency is per skill, in the agent's skills; use penalty to order agents in a queue" },
];

const defaultCodecs = ['PCMU', 'PCMA'];

// Registration trunks, outbound_proxy and default_caller_id are built (server/sip/trunks,
// server/sip/outbound).
export const trunkUnavailable = (t: { codecs?: string[] }): Unavailable[] => [
  { field: 'codecs', used: t.codecs !== undefined && t.codecs.join() !== defaultCodecs.join(), why: 'calls are answered with the codecs the caller offers; leave it out' },
];
