// Public types of the live event hub (event-hub.ts): what a room publishes and what a client
// of /api/events receives. One vocabulary: agent states are the ACD's (available, not-ready,
// ringing, on-call, wrap-up, logged-out).
import type { LiveEventType } from '../../db/database.types.js';

export type { LiveEventType };

export interface LiveEventInput {
  type: LiveEventType;
  agentId?: string | null;
  queueId?: string | null;
  callId?: string | null;
  data: Record<string, unknown>;
}

/** One event as clients get it; `id` is the cursor to resume after. */
export interface LiveEventView {
  id: number;
  type: LiveEventType;
  agent_id: string | null;
  queue_id: string | null;
  call_id: string | null;
  data: Record<string, unknown>;
  at: string;
}

/** Where rooms publish (the call center, the ACD wiring); publish never throws nor waits. */
export interface LiveEventSink {
  publish(event: LiveEventInput): void;
}
