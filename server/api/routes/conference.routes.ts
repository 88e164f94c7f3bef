// /api/calls/{id}/conference — conferences of a call in progress (server/sip/calls/conference):
// add a party (an agent, an extension or an outside number; it rings and joins when it
// answers), remove one, and see the parties. Agents act on calls they are connected to,
// supervisors on calls of their queues, admins on all; a number is dialled as the acting
// agent, through outbound routing and the toll-fraud guard.
import type { ApiContext } from '../api-context.js';
import { ApiError } from '../http/api-error.js';
import { uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';
import { answering } from '../http/call-control-answer.js';
import { asPartyTarget, partyTarget, partyView } from './party-target.js';

const target = partyTarget('a conference party');
const addBody = s.object({ target });
const conferenceView = s.object({ call_id: uuid(), state: s.string(), last_agent_leaves: s.enum(['end', 'hand-over'] as const), parties: s.array(partyView) });
const callParams = s.object({ id: uuid() });
const partyParams = s.object({ id: uuid(), party_id: uuid() });

export function conferenceRoutes({ routes, conferences }: ApiContext): void {
  const tag = 'call control';
  const everyone = ['admin', 'supervisor', 'agent'] as const;
  const control = () => {
    if (!conferences) throw new ApiError(503, 'conferences are not available (no call center in this process)');
    return conferences;
  };

  routes.add([...everyone], { method: 'post', path: '/calls/:id/conference', tag, summary: 'Add a party to the call\'s conference (rings it; it joins on answer)', params: callParams, body: addBody, status: 201, response: partyView }, async ({ params, body, auth }) => {
    return answering(async () => control().add(params.id, asPartyTarget(body.target), await auth.scope()));
  });

  routes.add([...everyone], { method: 'delete', path: '/calls/:id/conference/parties/:party_id', tag, summary: 'A party leaves the conference (its phone gets a BYE)', params: partyParams, response: s.object({ party_id: uuid(), status: s.string() }) }, async ({ params, auth }) => {
    return answering(async () => {
      await control().remove(params.id, params.party_id, await auth.scope());
      return { party_id: params.party_id, status: 'left' };
    });
  });

  routes.add([...everyone], { method: 'get', path: '/calls/:id/conference', tag, summary: 'The call\'s conference and its parties', params: callParams, response: conferenceView }, async ({ params, auth }) => {
    return answering(async () => control().view(params.id, await auth.scope()));
  });
}
