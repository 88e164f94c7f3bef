// /api/agents/{id}/state — a supervisor (of a queue the agent is in) or an admin sets an agent
// not ready or logs them out, with a reason: the agent who left for lunch still logged in,
// the one stuck in a state. Not-ready during a call applies when the call ends (as the agent's
// own would); a logout during a call is refused. The reason follows the admin's not-ready list
// when there is one; the agent's softphone shows the change at once (the event hub).
import type { ApiContext } from '../api-context.js';
import { ApiError, badRequest, forbidden, notFound } from '../http/api-error.js';
import { idParams } from '../http/crud-routes.js';
import { AcdError, IllegalTransitionError } from '../../acd/index.js';
import { s } from '../../validation/schema.js';

const forcedState = s.object({
  state: s.enum(['not-ready', 'logged-out'] as const),
  reason: s.string({ minLength: 1, maxLength: 100 }).describe('why, as the agent will see it'),
});
const stateView = s.object({ agent_id: s.string(), state: s.string(), reason: s.string().nullable(), pending_not_ready: s.string().nullable() });

export function agentControlRoutes({ routes, repos, agentControl, logger }: ApiContext): void {
  routes.add(['admin', 'supervisor'], {
    method: 'post', path: '/agents/:id/state', tag: 'agents', summary: 'Set an agent not ready or log them out, with a reason (supervisors: agents of their queues)',
    params: idParams, body: forcedState, response: stateView,
  }, async ({ params, body, auth }) => {
    if (!agentControl) throw new ApiError(503, 'agent states are not available (no ACD in this process)');
    const agent = await repos.agents.get(params.id);
    if (!agent) throw notFound('agent');
    if (auth.user.role === 'supervisor') {
      const supervised = new Set(await auth.supervisedQueueIds());
      const memberOf = await repos.queues.queueIdsOfAgent(agent.id);
      if (!memberOf.some((q) => supervised.has(q))) throw forbidden('this agent is in none of the queues you supervise');
    }
    if (body.state === 'not-ready') {
      const reasons = await repos.notReadyReasons.list();
      if (reasons.length && !reasons.includes(body.reason)) throw badRequest([{ path: 'body.reason', message: `must be one of ${reasons.join(', ')}` }]);
    }
    try {
      if (body.state === 'logged-out') await agentControl.agentLogout(agent.id, body.reason);
      else await agentControl.agentNotReady(agent.id, body.reason);
    } catch (err) {
      if (err instanceof IllegalTransitionError) throw new ApiError(409, `${agent.name} can't be ${body.state === 'logged-out' ? 'logged out' : 'set not ready'} while ${err.from.status}${err.from.status === 'on-call' ? ': set them not ready, which applies when the call ends' : ''}`, undefined, 'illegal-transition');
      if (err instanceof AcdError) throw new ApiError(409, err.message, undefined, err.code);
      throw err;
    }
    logger.info({ security: 'agent-control', by: auth.user.username, agentId: agent.id, state: body.state, reason: body.reason }, 'a supervisor changed an agent\'s state');
    const now = agentControl.snapshot().agents.find((a) => a.agentId === agent.id);
    return { agent_id: agent.id, state: now?.status ?? 'logged-out', reason: now?.reason ?? null, pending_not_ready: now?.pendingNotReady ?? null };
  });
}
