// /api/calls/{id}/monitor — a supervisor listens to, whispers to (coaches the agent) or barges
// into a call in progress (server/sip/calls/monitor), on their own phone: POST rings it,
// PATCH switches the mode during the call, DELETE hangs it up. Supervisors of the call's
// queue and admins only; the supervisor needs an agent account with a registered phone. Each
// start, switch and stop is in the audit log (which only admins read), not shown to the agent.
import type { ApiContext } from '../api-context.js';
import { ApiError } from '../http/api-error.js';
import { answering } from '../http/call-control-answer.js';
import { uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';
import { monitorModes } from '../../sip/calls/conference/conference.types.js';
import type { Auth } from '../http/auth.js';

const callParams = s.object({ id: uuid() });
const modeBody = s.object({ mode: s.enum(monitorModes).describe('listen: hear both; whisper: the agent hears you, the caller does not; barge: everyone hears you') });
const monitorView = s.object({ call_id: uuid(), party_id: uuid(), mode: s.enum(monitorModes), status: s.enum(['ringing', 'joined'] as const) });

export function monitorRoutes({ routes, monitors }: ApiContext): void {
  const tag = 'call control';
  const who = ['admin', 'supervisor'] as const;
  const control = () => {
    if (!monitors) throw new ApiError(503, 'monitoring is not available (no call center in this process)');
    return monitors;
  };
  const monitorer = async (auth: Auth) => {
    const agentId = await auth.agentId();
    if (!agentId) throw new ApiError(409, 'you have no phone to listen on: give your user an agent account and register its phone');
    return { agentId, admin: auth.user.role === 'admin' };
  };

  routes.add([...who], { method: 'post', path: '/calls/:id/monitor', tag, summary: 'Monitor the call on your phone (it rings; listen, whisper or barge)', params: callParams, body: modeBody, status: 201, response: monitorView, audit: { resource: 'call', action: 'monitor.start' } }, async ({ params, body, auth }) => {
    const by = await monitorer(auth);
    return answering(async () => control().start(params.id, body.mode, by, await auth.scope()));
  });
  routes.add([...who], { method: 'patch', path: '/calls/:id/monitor', tag, summary: 'Switch between listen, whisper and barge', params: callParams, body: modeBody, response: monitorView, audit: { resource: 'call', action: 'monitor.switch' } }, async ({ params, body, auth }) => {
    const by = await monitorer(auth);
    return answering(async () => control().switch(params.id, body.mode, by, await auth.scope()));
  });
  routes.add([...who], { method: 'delete', path: '/calls/:id/monitor', tag, summary: 'Stop monitoring (your phone gets a BYE)', params: callParams, audit: { resource: 'call', action: 'monitor.stop' } }, async ({ params, auth }) => {
    const by = await monitorer(auth);
    await answering(async () => control().stop(params.id, by, await auth.scope()));
  });
}
