// /api/calls/{id}/transfer — blind transfer of a connected call (server/sip/calls/transfer):
// to an agent (by id or extension: it rings, the caller hears music; no answer sends the
// caller back), to a queue (the caller keeps their first entry time and priority), or to an
// outside number (outbound routing and the toll-fraud guard, as the transferring agent). The
// transferring agent's leg gets a BYE and the agent goes to wrap-up. Agents act on calls they
// are connected to, supervisors on calls of their queues, admins on all.
import type { ApiContext } from '../api-context.js';
import { ApiError } from '../http/api-error.js';
import { uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';
import { answering } from '../http/call-control-answer.js';
import type { TransferTarget } from '../../sip/calls/transfer/transfer.types.js';

const target = s.object({
  kind: s.enum(['agent', 'extension', 'queue', 'number'] as const),
  id: uuid().optional().describe('kind agent: the agent; kind queue: the queue'),
  value: s.string({ minLength: 1, maxLength: 32 }).optional().describe('kind extension: the extension; kind number: the number to dial'),
}).refine((t) => {
  if (t.kind === 'number' && !/^\+?[0-9*#]{1,32}$/.test(t.value ?? '')) return [{ path: 'value', message: 'must be digits, optionally after a +' }];
  if ((t.kind === 'agent' || t.kind === 'queue') && !t.id) return [{ path: 'id', message: `is required for kind ${t.kind}` }];
  if (t.kind === 'extension' && !/^[0-9]{2,10}$/.test(t.value ?? '')) return [{ path: 'value', message: 'must be 2 to 10 digits' }];
  return undefined;
});
const body = s.object({ target });
const response = s.object({
  call_id: uuid(), phase: s.string(),
  target: s.object({ kind: s.enum(['agent', 'extension', 'queue', 'number'] as const), id: uuid().optional(), value: s.string().optional() }),
});

function asTarget(t: { kind: 'agent' | 'extension' | 'queue' | 'number'; id?: string; value?: string }): TransferTarget {
  if (t.kind === 'extension' || t.kind === 'number') return { kind: t.kind, value: t.value ?? '' };
  return { kind: t.kind === 'queue' ? 'queue' : 'agent', id: t.id ?? '' };
}

export function transferRoutes({ routes, transfers }: ApiContext): void {
  routes.add(['admin', 'supervisor', 'agent'], {
    method: 'post', path: '/calls/:id/transfer', tag: 'call control', status: 202,
    summary: 'Blind transfer: the agent leaves, the caller rings the target agent or waits in the target queue (keeping their place)',
    params: s.object({ id: uuid() }), body, response,
  }, async ({ params, body: b, auth }) => {
    if (!transfers) throw new ApiError(503, 'transfers are not available (no call center in this process)');
    return answering(async () => transfers.blind(params.id, asTarget(b.target), await auth.scope()));
  });
}
