// The agent desktop's reads and writes of one call: GET /calls/{id}/screen-pop (caller, contact,
// queue, wait, IVR path and variables, the caller's last calls — while it rings or is up) and
// POST /calls/{id}/wrap-up (a disposition code from the queue's list, required when the queue
// says so, and notes; any time from the offer on, and after the hangup by the agent who had it;
// `done` finishes the agent's wrap-up early).
import type { ApiContext } from '../api-context.js';
import { ApiError, badRequest, forbidden, notFound } from '../http/api-error.js';
import { mayReadCall } from '../http/call-access.js';
import { answering } from '../http/call-control-answer.js';
import { uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';

const nullableString = () => s.string().nullable();
const screenPop = s.object({
  call_id: uuid(),
  caller: s.object({ number: s.string(), contact_id: uuid().nullable(), name: nullableString(), company: nullableString(), contact_notes: nullableString() }),
  queue: s.object({ id: uuid(), name: s.string(), wrap_up_codes: s.array(s.string()), wrap_up_code_required: s.boolean() }).nullable(),
  wait_seconds: s.integer().nullable(), ivr_path: s.array(s.string()), variables: s.record(s.string()),
  script: nullableString().describe('the queue\'s script, the call\'s values filled in (markdown)'),
  history: s.array(s.object({
    call_id: uuid(), started_at: s.dateTime(), queue: nullableString(), agent_id: uuid().nullable(), disposition: nullableString(), wrap_up_code: nullableString(), notes: nullableString(),
  })),
});
const wrapUpBody = s.object({
  code: s.string({ minLength: 1, maxLength: 64 }).nullable().optional().describe('one of the queue\'s wrap_up_codes'),
  notes: s.string({ maxLength: 2000 }).nullable().optional(),
  done: s.boolean().optional().describe('the wrap-up is finished: a required code must be there; an agent in wrap-up goes available'),
});
const idParams = s.object({ id: uuid() });

export function agentDeskRoutes({ routes, repos, desk, agentControl }: ApiContext): void {
  const tag = 'agent desktop';
  const everyone = ['admin', 'supervisor', 'agent'] as const;
  routes.add([...everyone], { method: 'get', path: '/calls/:id/screen-pop', tag, summary: 'What the agent\'s screen shows of a call it is offered or has', params: idParams, response: screenPop }, async ({ params, auth }) => {
    if (!desk) throw new ApiError(503, 'the agent desktop is not available (no call center in this process)');
    return answering(async () => desk.screenPop(params.id, await auth.scope()));
  });

  routes.add([...everyone], { method: 'post', path: '/calls/:id/wrap-up', tag, summary: 'The agent\'s disposition code and notes for a call', params: idParams, body: wrapUpBody, response: s.object({ call_id: uuid(), wrap_up_code: nullableString(), notes: nullableString() }) }, async ({ params, body, auth }) => {
    const call = await repos.calls.get(params.id);
    if (!call) throw notFound('call');
    const agentId = await auth.agentId();
    const allowed = auth.user.role === 'agent'
      ? !!agentId && (call.agent_id === agentId || !!desk?.handles(call.id, agentId))
      : await mayReadCall(auth, call);
    if (!allowed) throw forbidden('you did not have this call');
    const queue = call.queue_id ? await repos.queues.get(call.queue_id) : undefined;
    const code = body.code === undefined ? call.wrap_up_code : body.code;
    if (code && queue && !queue.wrap_up_codes.includes(code)) throw badRequest([{ path: 'body.code', message: `is not a code of queue ${queue.name}: ${queue.wrap_up_codes.join(', ') || 'none defined'}` }]);
    if (code && !queue) throw badRequest([{ path: 'body.code', message: 'this call was in no queue: it has no codes' }]);
    if (body.done && !code && queue?.wrap_up_code_required) throw badRequest([{ path: 'body.code', message: `is required by queue ${queue.name} to finish the wrap-up` }]);
    const updated = await repos.calls.update(call.id, { ...(body.code !== undefined ? { wrap_up_code: body.code } : {}), ...(body.notes !== undefined ? { notes: body.notes } : {}) });
    // Done: the agent's wrap-up of this call ends now rather than at its timer.
    const state = agentId ? agentControl?.snapshot().agents.find((a) => a.agentId === agentId) : undefined;
    if (body.done && agentId && state?.status === 'wrap-up') await agentControl?.agentReady(agentId);
    return { call_id: call.id, wrap_up_code: updated?.wrap_up_code ?? null, notes: updated?.notes ?? null };
  });
}
