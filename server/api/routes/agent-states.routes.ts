// /api/agent-states — agent state history. Admins and supervisors see every agent's;
// an agent sees their own.
import type { ApiContext } from '../api-context.js';
import { forbidden } from '../http/api-error.js';
import { pageSchema } from '../http/crud-routes.js';
import { uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';

const stateQuery = s.object({
  agent_id: uuid().optional(),
  since: s.dateTime().optional(),
  until: s.dateTime().optional(),
  limit: s.integer({ min: 1, max: 1000 }).optional(),
  after: s.string({ pattern: /^\d{1,19}$/, patternMessage: 'must be the `next` of a previous page' }).optional(),
});

const stateView = s.object({ id: s.string(), agent_id: uuid(), state: s.enum(['offline', 'available', 'ringing', 'on-call', 'wrap-up', 'away'] as const), reason: s.string().nullable(), at: s.dateTime() });

export function agentStatesRoutes({ routes, repos }: ApiContext): void {
  routes.add(['admin', 'supervisor', 'agent'], { method: 'get', path: '/agent-states', tag: 'agents', summary: 'Agent state history, newest first', query: stateQuery, response: pageSchema(stateView) }, async ({ query, auth }) => {
    let agentId = query.agent_id;
    if (auth.user.role === 'agent') {
      const own = (await auth.agentId()) ?? null;
      if (agentId && agentId !== own) throw forbidden('agents see their own history only');
      if (!own) return { items: [], next: null };
      agentId = own;
    }
    return repos.agentStates.search({ agentId, since: query.since, until: query.until, limit: query.limit ?? 100, after: query.after });
  });
}
