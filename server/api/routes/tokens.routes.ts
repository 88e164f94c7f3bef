// /api/tokens — API tokens for scripts and integrations. The token itself is shown once,
// in the creation response; afterwards only its metadata (last use, revocation). Everyone
// manages their own tokens; admins see and revoke everyone's. Every token expires: at most
// `maxTokenDays` after its creation (API_TOKEN_MAX_DAYS, 90 by default), and a token made
// with an API token never outlives that token, so tokens cannot extend themselves forever.
import type { ApiContext } from '../api-context.js';
import { badRequest, forbidden, notFound } from '../http/api-error.js';
import type { Auth } from '../http/auth.js';
import { omitKeys } from '../http/audit-log.js';
import { idParams } from '../http/crud-routes.js';
import { name, uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';

const everyone = ['admin', 'supervisor', 'agent'] as const;

const tokenInput = s.object({
  name: name(),
  expires_in_days: s.integer({ min: 1, max: 3650 }).optional().describe('at most API_TOKEN_MAX_DAYS (90 by default) and, when made with an API token, not beyond that token; the longest allowed when absent'),
});

const dayMs = 86400_000;

/** When a new token made by this caller expires; a 400 naming the field when asked for too long. */
export function tokenExpiry(requestedDays: number | undefined, maxDays: number, caller: Auth['token'], now = Date.now()): Date {
  if (requestedDays !== undefined && requestedDays > maxDays) {
    throw badRequest([{ path: 'body.expires_in_days', message: `must be at most ${maxDays} (API_TOKEN_MAX_DAYS)` }]);
  }
  const wanted = now + (requestedDays ?? maxDays) * dayMs;
  const limit = caller.kind === 'api' && caller.expiresAt ? caller.expiresAt.getTime() : Infinity;
  if (wanted <= limit) return new Date(wanted);
  if (requestedDays !== undefined) {
    throw badRequest([{ path: 'body.expires_in_days', message: `must not outlive the API token making this request (it expires ${new Date(limit).toISOString()})` }]);
  }
  return new Date(limit);
}

const tokenView = s.object({ id: uuid(), user_id: uuid(), name: s.string(), kind: s.enum(['session', 'api'] as const), expires_at: s.dateTime().nullable(), last_used_at: s.dateTime().nullable(), revoked_at: s.dateTime().nullable(), created_at: s.dateTime() });

export function tokensRoutes({ routes, repos, maxTokenDays }: ApiContext): void {
  const tag = 'tokens';
  const mine = async (id: string, auth: Auth) => {
    const token = await repos.tokens.get(id);
    if (!token) throw notFound('token');
    if (token.user_id !== auth.user.id && auth.user.role !== 'admin') throw forbidden('not your token');
    return token;
  };

  routes.add([...everyone], { method: 'get', path: '/tokens', tag, summary: 'List tokens (yours; an admin may ask for all)', query: s.object({ all: s.boolean().optional() }), response: s.array(tokenView) }, async ({ query, auth }) => {
    if (query.all && auth.user.role !== 'admin') throw forbidden('only admins list every token');
    return repos.tokens.listForUser(query.all ? undefined : auth.user.id);
  });
  routes.add([...everyone], { method: 'post', path: '/tokens', tag, summary: 'Create a token; the response is the only time it is shown', body: tokenInput, status: 201, response: tokenView.extend({ token: s.string() }), audit: { resource: 'token', after: (_input, result) => omitKeys(result, 'token') } }, async ({ body, auth }) => {
    const { token, row } = await repos.tokens.issue(auth.user.id, body.name, tokenExpiry(body.expires_in_days, maxTokenDays, auth.token), 'api');
    return { ...row, token };
  });
  routes.add([...everyone], { method: 'get', path: '/tokens/:id', tag, summary: 'Read a token\'s metadata', params: idParams, response: tokenView }, async ({ params, auth }) => mine(params.id, auth));
  routes.add([...everyone], { method: 'delete', path: '/tokens/:id', tag, summary: 'Revoke a token', params: idParams,
    audit: { resource: 'token', action: 'revoke', before: async ({ params }) => (await repos.tokens.get(params.id)) ?? null, after: async ({ params }) => repos.tokens.get(params.id) } }, async ({ params, auth }) => {
    await mine(params.id, auth);
    await repos.tokens.revoke(params.id);
  });
}
