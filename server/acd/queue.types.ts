// A caller waiting in a queue, and a queue's counters for the wallboard.
import type { SkillStep } from './skill-steps.js';

export interface WaitingCall {
  callId: string;
  queueId: string;
  callerNumber: string;
  /** Higher is served first; equal priorities are served in arrival order. Before aging (priority.ts). */
  priority: number;
  /** The call's skills routing steps (its own from the IVR, else the queue's); empty: anyone. */
  steps?: readonly SkillStep[];
  enteredAt: number;
  /** Arrival order across all queues (the clock may give equal times). */
  seq: number;
  /** Agents being rung for this call right now (several only with ring-all). */
  ringing: Set<string>;
  /** Agents whose phone forwarded this call (a 3xx): they stay available, this call passes them by. */
  forwardedBy?: Set<string>;
}

export interface QueueStats {
  entered: number;
  answered: number;
  answeredWithinServiceLevel: number;
  abandoned: number;
  overflowed: number;
  /** Sum of the waits of answered calls, for the average. */
  answeredWaitMs: number;
}
