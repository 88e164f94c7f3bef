// The API contract the softphone codes against. /api/auth/login exists; /api/me/sip and
// /api/me/state are the agent-facing endpoints the server is to provide (see softphone/README.md).

export interface LoginReply {
  token: string;
  expires_at: string;
  user: { id: number | string; username: string; role: string; display_name?: string | null };
}

/** GET /api/me/sip: what the browser needs to register; the password itself never leaves the server. */
export interface SipCredentials {
  /** SIP user (digest username and AOR user part). */
  username: string;
  /** MD5(username:realm:password), hex. */
  ha1: string;
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
  state: string;
  reason?: string | null;
  since?: string | null;
}
