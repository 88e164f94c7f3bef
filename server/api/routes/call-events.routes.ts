// /api/call-events — the queue log (entered, offered, answered, abandoned, …), scoped like
// calls: supervisors see their queues' events, agents the events that name them.
import type { ApiContext } from '../api-context.js';
import { pageSchema } from '../http/crud-routes.js';
import { uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';
import { checkedScope } from '../http/call-access.js';

const events = ['entered', 'offered', 'answered', 'no-answer', 'abandoned', 'transferred', 'overflowed', 'callback-requested', 'completed', 'conference-joined', 'conference-left'] as const;

const eventQuery = s.object({
  call_id: uuid().optional(),
  queue_id: uuid().optional(),
  agent_id: uuid().optional(),
  event: s.enum(events).optional(),
  since: s.dateTime().optional(),
  until: s.dateTime().optional(),
  limit: s.integer({ min: 1, max: 1000 }).optional(),
  after: s.string({ pattern: /^\d{1,19}$/, patternMessage: 'must be the `next` of a previous page' }).optional(),
});

const eventView = s.object({ id: s.string(), call_id: uuid(), event: s.enum(events), queue_id: uuid().nullable(), agent_id: uuid().nullable(), data: s.object({}, { open: true }), at: s.dateTime() });

export function callEventsRoutes({ routes, repos }: ApiContext): void {
  routes.add(['admin', 'supervisor', 'agent'], { method: 'get', path: '/call-events', tag: 'calls', summary: 'Search the queue log, newest first', query: eventQuery, response: pageSchema(eventView) }, async ({ query, auth }) => {
    return repos.callEvents.search({
      callId: query.call_id, queueId: query.queue_id, agentId: query.agent_id, event: query.event, since: query.since, until: query.until,
      scope: await checkedScope(auth, { queueId: query.queue_id, agentId: query.agent_id }),
      limit: query.limit ?? 100, after: query.after,
    });
  });
}
