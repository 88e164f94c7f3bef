// /api/calls/{id}/conference — conferences of a call in progress (server/sip/calls/conference):
// add a party (an agent, an extension or an outside number; it rings and joins when it
// answers), remove one, and see the parties. Agents act on calls they are connected to,
// supervisors on calls of their queues, admins on all; a number is dialled as the acting
// agent, through outbound routing and the toll-fraud guard.
import type { ApiContext } from '../api-context.js';
import { ApiError } from '../http/api-error.js';
import { uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';
import type { ConferenceTarget } from '../../sip/calls/conference/conference.types.js';
import { answering } from '../http/call-control-answer.js';

const target = s.object({
  kind: s.enum(['agent', 'extension', 'number', 'queue'] as const),
  id: uuid().optional().describe('kind agent: the agent'),
  value: s.string({ minLength: 1, maxLength: 32 }).optional().describe('kind extension: the extension; kind number: the number to dial'),
}).refine((t) => {
  if (t.kind === 'queue') return [{ path: 'kind', message: 'a queue cannot be a conference party: add an agent, an extension or a number' }];
  if (t.kind === 'agent' && !t.id) return [{ path: 'id', message: 'is required for kind agent' }];
  if (t.kind === 'extension' && !/^[0-9]{2,10}$/.test(t.value ?? '')) return [{ path: 'value', message: 'must be 2 to 10 digits' }];
  if (t.kind === 'number' && !/^\+?[0-9*#]{1,32}$/.test(t.value ?? '')) return [{ path: 'value', message: 'must be digits, optionally after a +' }];
  return undefined;
});
const addBody = s.object({ target });
const party = s.object({
  party_id: uuid(), role: s.enum(['caller', 'agent', 'outside'] as const), agent_id: uuid().nullable(), address: s.string(),
  status: s.enum(['ringing', 'joined', 'left'] as const), joined_at: s.dateTime().nullable(), left_at: s.dateTime().nullable(),
});
const conferenceView = s.object({ call_id: uuid(), state: s.string(), last_agent_leaves: s.enum(['end', 'hand-over'] as const), parties: s.array(party) });
const callParams = s.object({ id: uuid() });
const partyParams = s.object({ id: uuid(), party_id: uuid() });

function asTarget(t: { kind: 'agent' | 'extension' | 'number' | 'queue'; id?: string; value?: string }): ConferenceTarget {
  if (t.kind === 'agent') return { kind: 'agent', id: t.id ?? '' };
  return { kind: t.kind === 'extension' ? 'extension' : 'number', value: t.value ?? '' };
}

export function conferenceRoutes({ routes, conferences }: ApiContext): void {
  const tag = 'call control';
  const everyone = ['admin', 'supervisor', 'agent'] as const;
  const control = () => {
    if (!conferences) throw new ApiError(503, 'conferences are not available (no call center in this process)');
    return conferences;
  };

  routes.add([...everyone], { method: 'post', path: '/calls/:id/conference', tag, summary: 'Add a party to the call\'s conference (rings it; it joins on answer)', params: callParams, body: addBody, status: 201, response: party }, async ({ params, body, auth }) => {
    return answering(async () => control().add(params.id, asTarget(body.target), await auth.scope()));
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
