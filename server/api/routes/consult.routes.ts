// /api/calls/{id}/consult — consult (attended) transfer of a connected call
// (server/sip/calls/transfer/consult.ts): start it (the caller hears music, the target rings:
// an agent, an extension or a number through outbound routing and the toll-fraud guard),
// see it, then complete it (caller and target talk, the agent leaves and wraps up), cancel it
// (back to the caller) or make it a conference. Agents act on calls they are connected to,
// supervisors on calls of their queues, admins on all.
import type { ApiContext } from '../api-context.js';
import { ApiError } from '../http/api-error.js';
import { uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';
import { answering } from '../http/call-control-answer.js';
import { asPartyTarget, partyTarget, partyView } from './party-target.js';
import type { ConsultAction } from '../../sip/calls/transfer/transfer-control.js';

const consultView = s.object({ call_id: uuid(), state: s.enum(['ringing', 'talking', 'handed-over', 'done'] as const), target: partyView });
const callParams = s.object({ id: uuid() });
const actions: Record<ConsultAction, string> = {
  complete: 'Complete the consult: caller and target talk, the agent leaves (a target still ringing gets the caller when it answers)',
  cancel: 'Cancel the consult: the target is hung up, the agent talks to the caller again',
  conference: 'Make the consult a conference: caller, agent and target all hear each other',
};

export function consultRoutes({ routes, transfers }: ApiContext): void {
  const tag = 'call control';
  const everyone = ['admin', 'supervisor', 'agent'] as const;
  const control = () => {
    if (!transfers) throw new ApiError(503, 'transfers are not available (no call center in this process)');
    return transfers;
  };

  routes.add([...everyone], {
    method: 'post', path: '/calls/:id/consult', tag, status: 201, params: callParams, response: consultView,
    summary: 'Consult transfer: hold the caller (music) and ring the target', body: s.object({ target: partyTarget('consulted') }),
  }, async ({ params, body, auth }) => answering(async () => control().consult(params.id, asPartyTarget(body.target), await auth.scope())));

  routes.add([...everyone], { method: 'get', path: '/calls/:id/consult', tag, summary: 'The call\'s consult in progress', params: callParams, response: consultView },
    async ({ params, auth }) => answering(async () => control().consultView(params.id, await auth.scope())));

  for (const action of Object.keys(actions) as ConsultAction[]) {
    routes.add([...everyone], { method: 'post', path: `/calls/:id/consult/${action}`, tag, summary: actions[action], params: callParams, response: consultView },
      async ({ params, auth }) => answering(async () => control().consultAction(params.id, action, await auth.scope())));
  }
}
