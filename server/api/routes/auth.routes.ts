// /api/auth — the browser apps' sign-in: a username and password buy a token that expires
// after a working day; logout revokes it. `me` tells an app who it is (and its agent).
// Failures are throttled per address and per account (429 with Retry-After, login-throttle.ts)
// and every attempt is logged as a `security: "web"` line with the address and username
// (never the password), for the operator and for fail2ban.
import type { ApiContext } from '../api-context.js';
import { ApiError } from '../http/api-error.js';
import { publicUser } from '../http/auth.js';
import { LoginThrottle, defaultLoginLimits } from '../http/login-throttle.js';
import { userView } from './users.routes.js';
import { s } from '../../validation/schema.js';

const sessionHours = 12;

const loginBody = s.object({ username: s.string({ minLength: 1, maxLength: 200 }), password: s.string({ minLength: 1, maxLength: 200 }) });

export function authRoutes({ routes, repos, logger, sharedCounters }: ApiContext): void {
  const tag = 'auth';
  const throttle = new LoginThrottle(defaultLoginLimits, sharedCounters);
  routes.addPublic({ method: 'post', path: '/auth/login', tag, summary: 'Sign in; returns a bearer token', body: loginBody, response: s.object({ token: s.string(), expires_at: s.dateTime(), user: userView }) }, async ({ body, req, res }) => {
    const address = req.socket.remoteAddress ?? '';
    const { username } = body;
    const verdict = await throttle.attempt(address, username);
    if (!verdict.allowed) {
      logger.warn({ security: 'web', event: 'login-throttled', address, username, limit: verdict.limit, retryAfter: verdict.retryAfterSeconds }, 'login refused: too many failures');
      res.set('Retry-After', String(verdict.retryAfterSeconds));
      throw new ApiError(429, `too many failed logins; try again in ${verdict.retryAfterSeconds} s`);
    }
    const user = await repos.users.authenticate(username, body.password);
    if (!user) {
      logger.warn({ security: 'web', event: 'login-failed', address, username }, 'login failed');
      throw new ApiError(401, 'wrong username or password');
    }
    await throttle.succeeded(address, username);
    logger.info({ security: 'web', event: 'login', address, username, userId: user.id }, 'login');
    const { token, row } = await repos.tokens.issue(user.id, 'login', new Date(Date.now() + sessionHours * 3600_000), 'session');
    return { token, expires_at: row.expires_at, user: publicUser(user) };
  });
  routes.add(['admin', 'supervisor', 'agent'], { method: 'post', path: '/auth/logout', tag, summary: 'Revoke the token of this request' }, async ({ auth }) => {
    await repos.tokens.revoke(auth.token.id);
  });
  routes.add(['admin', 'supervisor', 'agent'], { method: 'get', path: '/auth/me', tag, summary: 'The signed-in user and their agent id' }, async ({ auth }) => {
    return { user: auth.user, agent_id: (await auth.agentId()) ?? null };
  });
}
