// /api/tokens — API tokens for scripts and integrations. The token itself is shown once,
// in the creation response; afterwards only its metadata (last use, revocation). Everyone
// manages their own tokens; admins see and revoke everyone's.
import type { ApiContext } from '../api-context.js';
import { forbidden, notFound } from '../http/api-error.js';
import type { Auth } from '../http/auth.js';
import { idParams } from '../http/crud-routes.js';
import { name, uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';

const everyone = ['admin', 'supervisor', 'agent'] as const;

const tokenInput = s.object({
  name: name(),
  expires_in_days: s.integer({ min: 1, max: 3650 }).optional().describe('no expiry when absent'),
});

const tokenView = s.object({ id: uuid(), user_id: uuid(), name: s.string(), expires_at: s.dateTime().nullable(), last_used_at: s.dateTime().nullable(), revoked_at: s.dateTime().nullable(), created_at: s.dateTime() });

export function tokensRoutes({ routes, repos }: ApiContext): void {
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
  routes.add([...everyone], { method: 'post', path: '/tokens', tag, summary: 'Create a token; the response is the only time it is shown', body: tokenInput, status: 201, response: tokenView.extend({ token: s.string() }) }, async ({ body, auth }) => {
    const expires = body.expires_in_days ? new Date(Date.now() + body.expires_in_days * 86400_000) : null;
    const { token, row } = await repos.tokens.issue(auth.user.id, body.name, expires);
    return { ...row, token };
  });
  routes.add([...everyone], { method: 'get', path: '/tokens/:id', tag, summary: 'Read a token\'s metadata', params: idParams, response: tokenView }, async ({ params, auth }) => mine(params.id, auth));
  routes.add([...everyone], { method: 'delete', path: '/tokens/:id', tag, summary: 'Revoke a token', params: idParams }, async ({ params, auth }) => {
    await mine(params.id, auth);
    await repos.tokens.revoke(params.id);
  });
}
