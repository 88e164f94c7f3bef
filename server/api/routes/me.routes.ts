// /api/me — what an agent's own softphone needs: its SIP registration details and its
// state in the ACD (go available, go not-ready with a reason, log out); and
// /api/not-ready-reasons, the admin's list of reasons (enforced when not empty). The browser never
// gets the agent's own SIP secret: each call of GET /me/sip issues a random SIP password for
// this API session (replacing the session's previous one), which the registrar accepts only
// while the session lives (server/db/sip-session-credentials.repository.ts).
import type { ApiContext } from '../api-context.js';
import { ApiError, badRequest, forbidden, notFound } from '../http/api-error.js';
import { s } from '../../validation/schema.js';
import { AcdError } from '../../acd/index.js';
import { agentErrorFor } from '../http/agent-errors.js';

const sipView = s.object({
  username: s.string().describe('the AOR user: register sip:<username>@<domain>'),
  authorizationUsername: s.string().describe('digest username of this session\'s credentials'),
  password: s.string().describe('digest password; works until sign-out or expires_at'),
  expires_at: s.dateTime(),
  realm: s.string(), domain: s.string(), wssUrl: s.string(), displayName: s.string(),
});
const stateView = s.object({
  agent_id: s.string(), state: s.string(), reason: s.string().nullable(), since: s.dateTime().nullable(),
  wrap_up_ends_at: s.dateTime().nullable().describe('in wrap-up: when its timer ends it'),
});
const reasonsView = s.object({ items: s.array(s.string({ minLength: 1, maxLength: 64 }), { maxItems: 50 }) });
const stateBody = s.object({
  state: s.enum(['available', 'not-ready', 'logged-out'] as const),
  reason: s.string({ minLength: 1, maxLength: 100 }).optional(),
});

export function meRoutes({ routes, repos, agentControl }: ApiContext): void {
  const tag = 'me';
  const ownAgent = async (auth: { agentId(): Promise<string | undefined> }) => {
    const id = await auth.agentId();
    if (!id) throw forbidden('this user is not an agent');
    const agent = await repos.agents.get(id);
    if (!agent) throw notFound('agent');
    return agent;
  };
  const control = () => {
    if (!agentControl) throw new ApiError(503, 'agent states are not available (no ACD in this process)');
    return agentControl;
  };
  const view = (agentId: string) => {
    const a = control().snapshot().agents.find((x) => x.agentId === agentId);
    return {
      agent_id: agentId, state: a?.status ?? 'logged-out', reason: a?.reason ?? null,
      since: a ? new Date(Date.now() - a.sinceSeconds * 1000).toISOString() : null,
      wrap_up_ends_at: a?.wrapUpEndsAt === undefined ? null : new Date(a.wrapUpEndsAt).toISOString(),
    };
  };

  routes.add(['agent', 'supervisor', 'admin'], { method: 'get', path: '/me/sip', tag, summary: 'SIP registration details of the signed-in agent', response: sipView }, async ({ auth }) => {
    const agent = await ownAgent(auth);
    const issued = await repos.sipCredentials.issue(auth.token, agent);
    return {
      username: agent.sip_username, authorizationUsername: issued.authorizationUsername, password: issued.password, expires_at: issued.expiresAt,
      realm: agent.sip_realm, domain: agent.sip_realm, wssUrl: agentControl?.wssUrl ?? '', displayName: agent.name,
    };
  });
  routes.add(['agent', 'supervisor', 'admin'], { method: 'get', path: '/not-ready-reasons', tag, summary: 'The not-ready reasons agents pick from (empty: any reason)', response: reasonsView }, async () => ({ items: await repos.notReadyReasons.list() }));
  routes.add(['admin'], { method: 'put', path: '/not-ready-reasons', tag, summary: 'Set the not-ready reasons, in order (empty: any reason)', body: reasonsView, response: reasonsView,
    audit: { resource: 'not-ready-reasons', before: async () => ({ items: await repos.notReadyReasons.list() }) } }, async ({ body }) => {
    const unique = [...new Set(body.items.map((r) => r.trim()))];
    if (unique.length !== body.items.length || unique.some((r) => r === '')) throw badRequest([{ path: 'body.items', message: 'names must be distinct and not blank' }]);
    await repos.notReadyReasons.replace(unique);
    return { items: unique };
  });
  routes.add(['agent', 'supervisor', 'admin'], { method: 'get', path: '/me/state', tag, summary: 'The signed-in agent\'s ACD state', response: stateView }, async ({ auth }) => view((await ownAgent(auth)).id));
  routes.add(['agent', 'supervisor', 'admin'], { method: 'post', path: '/me/state', tag, summary: 'Go available, not ready (with a reason) or log out', body: stateBody, response: stateView }, async ({ auth, body }) => {
    const agent = await ownAgent(auth);
    const acd = control();
    // The admin's list, when there is one, is the only choice (GET /not-ready-reasons).
    const reasons = body.state === 'not-ready' ? await repos.notReadyReasons.list() : [];
    if (reasons.length && !reasons.includes(body.reason ?? '')) throw badRequest([{ path: 'body.reason', message: `must be one of ${reasons.join(', ')}` }]);
    const current = view(agent.id).state;
    try {
      if (body.state === 'logged-out') await acd.agentLogout(agent.id);
      else {
        if (current === 'logged-out') await acd.agentLogin(agent.id);
        // Signing in makes the agent available, and a waiting caller may be offered at once:
        // ringing is the outcome of going available, not a state to leave.
        const now = view(agent.id).state;
        const offeredOnLogin = current === 'logged-out' && now !== 'not-ready';
        if (body.state === 'available' && now !== 'available' && !offeredOnLogin) await acd.agentReady(agent.id);
        if (body.state === 'not-ready') await acd.agentNotReady(agent.id, body.reason ?? 'not ready');
      }
    } catch (err) {
      if (err instanceof AcdError) throw agentErrorFor(err);
      throw err;
    }
    return view(agent.id);
  });
}
