// /api/security/blocks — the SIP bans in force (addresses the registrar's guard banned after
// failed authentications, and the engine's flood bans), and lifting one so a phone whose
// password was just fixed can register at once. Admins only; absent SIP (API-only runs) the
// list is empty and lifting finds nothing.
import { isIP } from 'node:net';
import type { ApiContext } from '../api-context.js';
import { badRequest, notFound } from '../http/api-error.js';
import { s } from '../../validation/schema.js';

const blockView = s.object({
  id: s.string().describe('the blocked address; DELETE /security/blocks/{id} lifts it'),
  kind: s.enum(['address'] as const).describe('accounts are never locked, only addresses'),
  address: s.string(),
  source: s.enum(['sip-guard', 'sip-engine'] as const).describe('sip-guard: failed digest authentications or a scanner; sip-engine: a flood ban of the SIP engine'),
  reason: s.string(),
  user: s.string().nullable().describe('the last user name tried from the address'),
  since: s.dateTime().nullable().describe('null for engine bans (the engine keeps only their end)'),
  until: s.dateTime(),
});

const addressParams = s.object({ id: s.string({ minLength: 2, maxLength: 45 }).describe('an IPv4 or IPv6 address') });

export function securityRoutes({ routes, securityBlocks }: ApiContext): void {
  const tag = 'security';
  routes.add(['admin'], { method: 'get', path: '/security/blocks', tag, summary: 'List the SIP bans in force', response: s.array(blockView) }, async () => (await securityBlocks?.list()) ?? []);
  routes.add(['admin'], { method: 'delete', path: '/security/blocks/:id', tag, summary: 'Lift a SIP ban: the address may register again at once', params: addressParams,
    audit: { resource: 'sip-block', action: 'lift', before: async ({ params }) => (await securityBlocks?.list())?.find((b) => b.id === params.id) ?? null } }, async ({ params, auth }) => {
    if (isIP(params.id) === 0) throw badRequest([{ path: 'params.id', message: 'must be an IPv4 or IPv6 address' }]);
    if (!(await securityBlocks?.lift(params.id, auth.user.username))) throw notFound('block');
  });
}
