// Who a party added to a live call may be — one of our agents, an agent's extension, or an
// outside number — as the conference and consult routes take it, and a party as they show it.
import { uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';
import type { ConferenceTarget } from '../../sip/calls/conference/conference.types.js';

/** The target schema; `what` names the use in the refusal of a queue ("a conference party"). */
export function partyTarget(what: string) {
  return s.object({
    kind: s.enum(['agent', 'extension', 'number', 'queue'] as const),
    id: uuid().optional().describe('kind agent: the agent'),
    value: s.string({ minLength: 1, maxLength: 32 }).optional().describe('kind extension: the extension; kind number: the number to dial'),
  }).refine((t) => {
    if (t.kind === 'queue') return [{ path: 'kind', message: `a queue cannot be ${what}: name an agent, an extension or a number` }];
    if (t.kind === 'agent' && !t.id) return [{ path: 'id', message: 'is required for kind agent' }];
    if (t.kind === 'extension' && !/^[0-9]{2,10}$/.test(t.value ?? '')) return [{ path: 'value', message: 'must be 2 to 10 digits' }];
    if (t.kind === 'number' && !/^\+?[0-9*#]{1,32}$/.test(t.value ?? '')) return [{ path: 'value', message: 'must be digits, optionally after a +' }];
    return undefined;
  });
}

export const partyView = s.object({
  party_id: uuid(), role: s.enum(['caller', 'agent', 'outside'] as const), agent_id: uuid().nullable(), address: s.string(),
  status: s.enum(['ringing', 'joined', 'left'] as const), joined_at: s.dateTime().nullable(), left_at: s.dateTime().nullable(),
});

export function asPartyTarget(t: { kind: 'agent' | 'extension' | 'number' | 'queue'; id?: string; value?: string }): ConferenceTarget {
  if (t.kind === 'agent') return { kind: 'agent', id: t.id ?? '' };
  return { kind: t.kind === 'extension' ? 'extension' : 'number', value: t.value ?? '' };
}
