// /api/directory — who an agent can call or transfer to: every agent's name, extension and
// ACD state, readable by every signed-in role (no SIP details, no user ids), so the softphone
// can list colleagues with their state and dial or transfer with one click.
import type { ApiContext } from '../api-context.js';
import { uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';

const entry = s.object({
  agent_id: uuid(), name: s.string(), extension: s.string().nullable(),
  state: s.string().describe('the ACD state (logged-out when not signed in)'), reason: s.string().nullable(),
});

/** Directories beyond this are cut (a softphone list, not a report); the rest is in /agents. */
const MAX_ENTRIES = 500;

export function directoryRoutes({ routes, repos, agentControl }: ApiContext): void {
  routes.add(['agent', 'supervisor', 'admin'], {
    method: 'get', path: '/directory', tag: 'agents', summary: 'Colleagues to call or transfer to, with their state', response: s.object({ items: s.array(entry) }),
  }, async () => {
    const agents = (await repos.agents.list({ limit: MAX_ENTRIES })).items;
    const states = new Map((agentControl?.snapshot().agents ?? []).map((a) => [a.agentId, a]));
    const items = agents
      .map((a) => ({ agent_id: a.id, name: a.name, extension: a.extension ?? null, state: states.get(a.id)?.status ?? 'logged-out', reason: states.get(a.id)?.reason ?? null }))
      .sort((x, y) => x.name.localeCompare(y.name));
    return { items };
  });
}
