// /api/auth — the browser apps' sign-in: a username and password buy a token that expires
// after a working day; logout revokes it. `me` tells an app who it is (and its agent).
// Repeated failures for a username from one address are throttled (429).
import type { ApiContext } from '../api-context.js';
import { ApiError } from '../http/api-error.js';
import { publicUser } from '../http/auth.js';
import { LoginThrottle } from '../http/login-throttle.js';
import { userView } from './users.routes.js';
import { s } from '../../validation/schema.js';

const sessionHours = 12;

const loginBody = s.object({ username: s.string({ minLength: 1, maxLength: 200 }), password: s.string({ minLength: 1, maxLength: 200 }) });

export function authRoutes({ routes, repos }: ApiContext): void {
  const tag = 'auth';
  const throttle = new LoginThrottle();
  routes.addPublic({ method: 'post', path: '/auth/login', tag, summary: 'Sign in; returns a bearer token', body: loginBody, response: s.object({ token: s.string(), expires_at: s.dateTime(), user: userView }) }, async ({ body, req, res }) => {
    const key = `${req.ip ?? ''}|${body.username.toLowerCase()}`;
    const wait = throttle.retryAfter(key);
    if (wait > 0) {
      res.set('Retry-After', String(wait));
      throw new ApiError(429, `too many failed logins; try again in ${wait} s`);
    }
    const user = await repos.users.authenticate(body.username, body.password);
    if (!user) {
      throttle.failed(key);
      throw new ApiError(401, 'wrong username or password');
    }
    throttle.succeeded(key);
    const { token, row } = await repos.tokens.issue(user.id, 'login', new Date(Date.now() + sessionHours * 3600_000));
    return { token, expires_at: row.expires_at, user: publicUser(user) };
  });
  routes.add(['admin', 'supervisor', 'agent'], { method: 'post', path: '/auth/logout', tag, summary: 'Revoke the token of this request' }, async ({ auth }) => {
    await repos.tokens.revoke(auth.tokenId);
  });
  routes.add(['admin', 'supervisor', 'agent'], { method: 'get', path: '/auth/me', tag, summary: 'The signed-in user and their agent id' }, async ({ auth }) => {
    return { user: auth.user, agent_id: (await auth.agentId()) ?? null };
  });
}
