// Who sees which live event: an admin everything; a supervisor the events of their queues and
// the states of those queues' agents; an agent their own state and their own calls, and their
// colleagues' presence — the state alone, for the directory (no reason, no call: presence, as
// a desk phone's busy lamp shows it) — and the counts of the queues they are members of.
import type { LiveEventView } from './live-event.types.js';

export type EventViewer =
  | { role: 'admin' }
  | { role: 'supervisor'; queueIds: ReadonlySet<string>; agentIds: ReadonlySet<string> }
  | { role: 'agent'; agentId: string | null; queueIds: ReadonlySet<string> };

/** The event as this viewer may see it, or undefined. */
export function viewFor(viewer: EventViewer, e: LiveEventView): LiveEventView | undefined {
  if (viewer.role === 'admin') return e;
  if (viewer.role === 'agent') {
    if (viewer.agentId !== null && e.agent_id === viewer.agentId) return e;
    if (e.type === 'queue.counts') return e.queue_id && viewer.queueIds.has(e.queue_id) ? e : undefined;
    return e.type === 'agent.state' ? { ...e, data: { state: e.data.state } } : undefined;
  }
  if (e.queue_id && viewer.queueIds.has(e.queue_id)) return e;
  return e.type === 'agent.state' && e.agent_id !== null && viewer.agentIds.has(e.agent_id) ? e : undefined;
}
