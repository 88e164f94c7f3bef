// A waiting call's priority (higher is served first). Where it comes from, added up: the
// queue's caller-prefix rules, the dialled number, the IVR choice (the queue verb), a VIP
// contact (the queue's vipPriority), unless the SIP layer gives one outright (e.g. a transfer
// keeping it). Aging raises it with time in queue: one point per `agingSeconds` waited,
// continuously, so a call that gains a point is treated like one that arrived `agingSeconds`
// earlier. Two calls of one queue age alike, so aging never reorders a queue's line by itself;
// it decides between queues (dispatch compares the priorities at the moment it runs) and lets
// an old call catch up with a newer, higher-priority one.
import type { WaitingCall } from './queue.types.js';

/** What the SIP layer knows about the call's priority. */
export interface PrioritySources {
  /** The dialled number's priority. */
  number?: number;
  /** The IVR choice's priority (the `queue` verb). */
  choice?: number;
  /** The caller is a VIP contact. */
  vip?: boolean;
}

export interface PriorityParts { rule: number; number: number; choice: number; vip: number }

export const sumParts = (p: PriorityParts) => p.rule + p.number + p.choice + p.vip;

/** The priority at `now`, aging included. */
export function effectivePriority(call: Pick<WaitingCall, 'priority' | 'enteredAt'>, agingSeconds: number | null, now: number): number {
  return agingSeconds ? call.priority + Math.max(0, now - call.enteredAt) / (agingSeconds * 1000) : call.priority;
}
