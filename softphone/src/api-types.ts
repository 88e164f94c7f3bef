// The API contract the softphone codes against. /api/auth/login exists; /api/me/sip and
// /api/me/state are the agent-facing endpoints the server is to provide (see softphone/README.md).

export interface LoginReply {
  token: string;
  expires_at: string;
  user: { id: number | string; username: string; role: string; display_name?: string | null };
}

/**
 * GET /api/me/sip: what the browser needs to register. The agent's own SIP password never
 * leaves the server: these are credentials of this sign-in session, dead after sign-out.
 */
export interface SipCredentials {
  /** AOR user part: the softphone registers sip:<username>@<domain>. */
  username: string;
  /** Digest username of this session's credentials. */
  authorizationUsername: string;
  /** Digest password of this session's credentials. */
  password: string;
  realm: string;
  /** AOR host: the softphone registers sip:<username>@<domain>. */
  domain: string;
  /** wss:// URL of the SIP-over-WebSocket listener. */
  wssUrl: string;
  displayName: string;
}

export type AgentStateName = 'available' | 'not-ready';

/** GET/POST /api/me/state: the agent's state as the ACD sees it (it may add states such as 'on-call'). */
export interface AgentState {
  /** The agent's id (GET /me/state says it; pushed events name it). */
  agentId?: string | null;
  state: string;
  reason?: string | null;
  since?: string | null;
  /** In wrap-up: when it ends by itself (ISO time); absent or null when the server does not say. */
  wrapUpEndsAt?: string | null;
}
