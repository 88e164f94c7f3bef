// What a supervisor controls besides monitoring (../routes/monitor.routes.ts).
//
// /api/agents/{id}/state — a supervisor (of a queue the agent is in) or an admin sets an agent
// not ready or logs them out, with a reason: the agent who left for lunch still logged in,
// the one stuck in a state. Not-ready during a call applies when the call ends (as the agent's
// own would); a logout during a call is refused. The reason follows the admin's not-ready list
// when there is one; the agent's softphone shows the change at once (the event hub).
//
// /api/calls/{id}/move — a call waiting in a queue goes to another queue or straight to an
// agent (the ACD records it as overflowed, reason `moved`). Supervisors: from and to queues
// they supervise.
import type { ApiContext } from '../api-context.js';
import { ApiError, badRequest, forbidden, notFound } from '../http/api-error.js';
import { idParams } from '../http/crud-routes.js';
import { AcdError, IllegalTransitionError } from '../../acd/index.js';
import { s } from '../../validation/schema.js';
import { uuid } from '../validation/fields.js';

const forcedState = s.object({
  state: s.enum(['not-ready', 'logged-out'] as const),
  reason: s.string({ minLength: 1, maxLength: 100 }).describe('why, as the agent will see it'),
});
const moveBody = s.object({ queue_id: uuid().optional(), agent_id: uuid().optional() })
  .refine((b) => ((b.queue_id === undefined) === (b.agent_id === undefined) ? [{ path: 'queue_id', message: 'give either queue_id or agent_id' }] : undefined));
const stateView = s.object({ agent_id: s.string(), state: s.string(), reason: s.string().nullable(), pending_not_ready: s.string().nullable() });

export function supervisorControlRoutes({ routes, repos, agentControl, logger }: ApiContext): void {
  routes.add(['admin', 'supervisor'], {
    method: 'post', path: '/agents/:id/state', tag: 'agents', summary: 'Set an agent not ready or log them out, with a reason (supervisors: agents of their queues)',
    params: idParams, body: forcedState, response: stateView,
    audit: { resource: 'agent', action: 'set-state' },
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

  routes.add(['admin', 'supervisor'], {
    method: 'post', path: '/calls/:id/move', tag: 'call control', summary: 'Move a call waiting in a queue to another queue or to an agent',
    params: idParams, body: moveBody, response: s.object({ call_id: s.string(), moved_to: s.object({ type: s.string(), id: s.string() }) }),
    audit: { resource: 'call', action: 'move' },
  }, async ({ params, body, auth }) => {
    if (!agentControl) throw new ApiError(503, 'the ACD is not available in this process');
    const waiting = agentControl.snapshot().queues.find((q) => q.waiting.some((w) => w.callId === params.id));
    if (!waiting) throw new ApiError(409, 'this call is not waiting in a queue');
    const supervised = auth.user.role === 'supervisor' ? new Set(await auth.supervisedQueueIds()) : undefined;
    if (supervised && !supervised.has(waiting.queueId)) throw forbidden('this call is not in a queue you supervise');
    if (body.queue_id) {
      if (!(await repos.queues.get(body.queue_id))) throw badRequest([{ path: 'body.queue_id', message: 'no queue with this id' }]);
      if (body.queue_id === waiting.queueId) throw badRequest([{ path: 'body.queue_id', message: 'is the queue the call waits in' }]);
      if (supervised && !supervised.has(body.queue_id)) throw forbidden('you do not supervise the queue you move the call to');
    } else if (!(await repos.agents.get(body.agent_id ?? ''))) throw badRequest([{ path: 'body.agent_id', message: 'no agent with this id' }]);
    const destination = body.queue_id ? { type: 'queue' as const, id: body.queue_id } : { type: 'agent' as const, id: body.agent_id ?? '' };
    try {
      await agentControl.moveWaiting(params.id, destination);
    } catch (err) {
      if (err instanceof AcdError && err.code === 'unknown-call') throw new ApiError(409, 'this call is no longer waiting (answered or gone)');
      throw err;
    }
    logger.info({ security: 'agent-control', by: auth.user.username, callId: params.id, from: waiting.queueId, to: destination }, 'a supervisor moved a waiting call');
    return { call_id: params.id, moved_to: destination };
  });
}
