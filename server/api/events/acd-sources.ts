// What the ACD tells the event hub: every agent state transition (after it is recorded),
// every offer of a queue call to an agent, and a queue's counts (waiting callers, the longest
// wait, its agents by state) whenever a caller enters or leaves it — when they changed. Calls answered and ended come from the call center
// (server/sip/calls), which sees direct and internal calls too.
import type { AcdService, AgentTransition, OfferEvent, QueueFact } from '../../acd/index.js';
import type { AgentState } from '../../acd/index.js';
import type { LiveEventSink } from './live-event.types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export function publishAcdEvents(acd: AcdService, sink: LiveEventSink): () => void {
  const onState = (t: AgentTransition): void => sink.publish({
    type: 'agent.state', agentId: t.agentId,
    data: { state: t.to.status, reason: reasonOf(t.to), from: t.from.status, since: new Date(t.at).toISOString(), call_id: callOf(t.to), wrap_up_ends_at: t.wrapUpEndsAt === undefined ? null : new Date(t.wrapUpEndsAt).toISOString() },
  });
  const onOffer = (o: OfferEvent): void => sink.publish({
    type: 'call.offered', agentId: o.agentId, queueId: o.queueId, callId: o.callId,
    data: { caller: o.callerNumber, wait_seconds: o.waitSeconds, ring_timeout_seconds: o.ringTimeoutSeconds },
  });
  const lastCounts = new Map<string, string>();
  const onQueueFact = (f: QueueFact): void => {
    // After the command that emitted it: the snapshot then shows the caller in or out.
    setImmediate(() => {
      let q;
      try {
        q = acd.snapshot().queues.find((x) => x.queueId === f.queueId);
      } catch {
        return; // counts are best-effort: a snapshot that fails publishes none this time
      }
      if (!q) return;
      const data = { waiting: q.waiting.length, longest_wait_seconds: q.longestWaitSeconds, agents: q.agents };
      const key = JSON.stringify([data.waiting, data.agents]);
      if (lastCounts.get(q.queueId) === key) return;
      lastCounts.set(q.queueId, key);
      sink.publish({ type: 'queue.counts', queueId: q.queueId, data });
    });
  };
  acd.on('agent-state', onState);
  acd.on('offer', onOffer);
  acd.on('queue-fact', onQueueFact);
  return () => {
    acd.off('agent-state', onState);
    acd.off('offer', onOffer);
    acd.off('queue-fact', onQueueFact);
  };
}

function reasonOf(s: AgentState): string | null {
  if (s.status === 'not-ready') return s.reason;
  if (s.status === 'logged-out') return s.reason ?? null;
  return null;
}

/** The call an agent's state is about; a part of a call (`<call>:caller`, a conference party) names its call. */
function callOf(s: AgentState): string | null {
  return 'callId' in s ? (UUID.exec(s.callId)?.[0] ?? null) : null;
}
