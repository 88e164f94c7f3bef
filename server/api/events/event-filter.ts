// Who sees which live event: an admin everything; a supervisor the events of their queues and
// the states of those queues' agents; an agent their own state and their own calls.
import type { LiveEventView } from './live-event.types.js';

export type EventViewer =
  | { role: 'admin' }
  | { role: 'supervisor'; queueIds: ReadonlySet<string>; agentIds: ReadonlySet<string> }
  | { role: 'agent'; agentId: string | null };

export function visibleTo(viewer: EventViewer, e: LiveEventView): boolean {
  if (viewer.role === 'admin') return true;
  if (viewer.role === 'agent') return viewer.agentId !== null && e.agent_id === viewer.agentId;
  if (e.queue_id && viewer.queueIds.has(e.queue_id)) return true;
  return e.type === 'agent.state' && e.agent_id !== null && viewer.agentIds.has(e.agent_id);
}
