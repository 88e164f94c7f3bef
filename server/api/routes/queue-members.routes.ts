// /api/queues/:id/members — which agents answer a queue, with penalty, proficiency and a
// pause switch. Admins manage every queue; supervisors the queues they supervise. Changes are
// audited on the queue (member.add, member.update, member.remove) with the member before and after.
import type { ApiContext } from '../api-context.js';
import { badRequest, conflict, forbidden, notFound } from '../http/api-error.js';
import type { Auth } from '../http/auth.js';
import { idParams } from '../http/crud-routes.js';
import { memberUnavailable, refuseUnavailable } from '../http/not-available.js';
import { uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';

const memberFields = s.object({
  agent_id: uuid(),
  penalty: s.integer({ min: 0, max: 100 }).optional(),
  proficiency: s.integer({ min: 1, max: 5 }).optional().describe('not available yet (skills routing): only 3 is accepted'),
  paused: s.boolean().optional(),
});
const memberPatch = memberFields.omit('agent_id').partial();
const memberView = memberFields.extend({ queue_id: uuid(), created_at: s.dateTime() });
const memberParams = idParams.extend({ agentId: uuid() });

export function queueMembersRoutes({ routes, repos }: ApiContext): void {
  const tag = 'queues';
  const roles = ['admin', 'supervisor'] as const;
  const member = async ({ params }: { params: { id: string; agentId: string } }) => (await repos.queues.listMembers(params.id)).find((m) => m.agent_id === params.agentId) ?? null;
  const queueFor = async (id: string, auth: Auth) => {
    const queue = await repos.queues.get(id);
    if (!queue) throw notFound('queue');
    if (auth.user.role !== 'admin' && !queue.supervisor_ids.includes(auth.user.id)) throw forbidden('you do not supervise this queue');
    return queue;
  };

  routes.add([...roles], { method: 'get', path: '/queues/:id/members', tag, summary: 'List the members of a queue', params: idParams, response: s.array(memberView) }, async ({ params, auth }) => {
    await queueFor(params.id, auth);
    return repos.queues.listMembers(params.id);
  });
  routes.add([...roles], { method: 'post', path: '/queues/:id/members', tag, summary: 'Add an agent to a queue', params: idParams, body: memberFields, status: 201, response: memberView, audit: { resource: 'queue', action: 'member.add' } }, async ({ params, body, auth }) => {
    await queueFor(params.id, auth);
    refuseUnavailable(memberUnavailable(body));
    if (!(await repos.agents.get(body.agent_id))) throw badRequest([{ path: 'body.agent_id', message: 'no agent with this id' }]);
    if ((await repos.queues.listMembers(params.id)).some((m) => m.agent_id === body.agent_id)) throw conflict('the agent is already a member');
    return repos.queues.addMember(params.id, body);
  });
  routes.add([...roles], { method: 'patch', path: '/queues/:id/members/:agentId', tag, summary: 'Change a member (pause, penalty, proficiency)', params: memberParams, body: memberPatch, response: memberView, audit: { resource: 'queue', action: 'member.update', before: member } }, async ({ params, body, auth }) => {
    await queueFor(params.id, auth);
    refuseUnavailable(memberUnavailable(body));
    return (await repos.queues.updateMember(params.id, params.agentId, body)) ?? Promise.reject(notFound('member'));
  });
  routes.add([...roles], { method: 'delete', path: '/queues/:id/members/:agentId', tag, summary: 'Remove an agent from a queue', params: memberParams, audit: { resource: 'queue', action: 'member.remove', before: member } }, async ({ params, auth }) => {
    await queueFor(params.id, auth);
    if (!(await repos.queues.removeMember(params.id, params.agentId))) throw notFound('member');
  });
}
