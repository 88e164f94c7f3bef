// The softphone's REST client: sign-in, the agent's SIP credentials, agent state, and the
// control of the call in progress (transfer, consult, conference). Errors
// carry the server's `{error}` text so the UI can show why something failed.
import type { AgentState, AgentStateName, LoginReply, SipCredentials } from './api-types.js';
import { asRecord, optStr, str } from './validate.js';
import type { PartyTarget } from './target.js';

export interface ScreenPop {
  call_id: string;
  caller: { number: string; contact_id: string | null; name: string | null; company: string | null; contact_notes: string | null };
  queue: { id: string; name: string; wrap_up_codes: string[]; wrap_up_code_required: boolean } | null;
  wait_seconds: number | null;
  ivr_path: string[];
  variables: Record<string, string>;
  script: string | null;
  history: { call_id: string; started_at: string; queue: string | null; agent_id: string | null; disposition: string | null; wrap_up_code: string | null; notes: string | null }[];
}

export interface HistoryCall { id: string; direction: string; from_number: string; to_number: string; started_at: string; disposition: string | null; wrap_up_code: string | null }

export interface DirectoryEntry { agentId: string; name: string; extension: string | null; state: string; reason: string | null }

export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export class ApiClient {
  private token: string | null = null;

  /** The session's token, for the event socket's first message. */
  get bearer(): string | null {
    return this.token;
  }

  /** `base` is the API root, e.g. `/api` (same origin as the page). */
  constructor(private readonly base: string) {}

  async login(username: string, password: string): Promise<LoginReply> {
    const body = asRecord(await this.request('POST', '/auth/login', { username, password }), 'login');
    const user = asRecord(body.user, 'login user');
    const reply: LoginReply = {
      token: str(body, 'token', 'login'),
      expires_at: str(body, 'expires_at', 'login'),
      user: { id: typeof user.id === 'number' ? user.id : str(user, 'id', 'login user'), username: str(user, 'username', 'login user'), role: str(user, 'role', 'login user'), display_name: optStr(user, 'display_name') },
    };
    this.token = reply.token;
    return reply;
  }

  async sipCredentials(): Promise<SipCredentials> {
    const b = asRecord(await this.request('GET', '/me/sip'), 'SIP credentials');
    const what = 'SIP credentials';
    const creds: SipCredentials = {
      username: str(b, 'username', what), authorizationUsername: str(b, 'authorizationUsername', what), password: str(b, 'password', what), realm: str(b, 'realm', what),
      domain: str(b, 'domain', what), wssUrl: str(b, 'wssUrl', what), displayName: optStr(b, 'displayName') ?? str(b, 'username', what),
    };
    if (!/^wss?:\/\//.test(creds.wssUrl)) throw new ApiRequestError(0, 'SIP credentials: wssUrl is not a WebSocket URL');
    return creds;
  }

  async agentState(): Promise<AgentState> {
    return parseState(await this.request('GET', '/me/state'));
  }

  async setAgentState(state: AgentStateName, reason?: string): Promise<AgentState> {
    return parseState(await this.request('POST', '/me/state', reason ? { state, reason } : { state }));
  }

  /** The screen-pop of a call offered to or taken by this agent (the server's schema is the check). */
  async screenPop(callId: string): Promise<ScreenPop> {
    const body = asRecord(await this.request('GET', `/calls/${encodeURIComponent(callId)}/screen-pop`), 'screen-pop');
    str(body, 'call_id', 'screen-pop');
    return body as unknown as ScreenPop;
  }

  async wrapUp(callId: string, wrap: { code?: string | null; notes?: string; done?: boolean }): Promise<void> {
    await this.request('POST', `/calls/${encodeURIComponent(callId)}/wrap-up`, wrap);
  }

  /** The signed-in agent's calls, newest first (their scope is their own), optionally with one number. */
  async myCalls(number?: string): Promise<HistoryCall[]> {
    const body = asRecord(await this.request('GET', `/calls?limit=20${number ? `&number=${encodeURIComponent(number)}` : ''}`), 'calls');
    if (!Array.isArray(body.items)) throw new ApiRequestError(0, 'calls: no items');
    return body.items.map((item: unknown) => {
      const c = asRecord(item, 'call');
      return {
        id: str(c, 'id', 'call'), direction: str(c, 'direction', 'call'), from_number: str(c, 'from_number', 'call'), to_number: str(c, 'to_number', 'call'),
        started_at: str(c, 'started_at', 'call'), disposition: optStr(c, 'disposition'), wrap_up_code: optStr(c, 'wrap_up_code'),
      };
    });
  }

  /** Creates the caller's contact, or updates it; returns its id. */
  async saveContact(contact: { id: string | null; phoneNumber: string; name: string; company: string }): Promise<string> {
    const body = contact.id
      ? await this.request('PATCH', `/contacts/${encodeURIComponent(contact.id)}`, { name: contact.name, company: contact.company })
      : await this.request('POST', '/contacts', { phone_number: contact.phoneNumber, name: contact.name, company: contact.company });
    return str(asRecord(body, 'contact'), 'id', 'contact');
  }

  /** The admin's not-ready reasons (empty: any reason goes). */
  async notReadyReasons(): Promise<string[]> {
    const body = asRecord(await this.request('GET', '/not-ready-reasons'), 'not-ready reasons');
    return Array.isArray(body.items) ? body.items.filter((r): r is string => typeof r === 'string') : [];
  }

  /** Colleagues with their extension and ACD state. */
  async directory(): Promise<DirectoryEntry[]> {
    const body = asRecord(await this.request('GET', '/directory'), 'directory');
    if (!Array.isArray(body.items)) throw new ApiRequestError(0, 'directory: no items');
    return body.items.map((item: unknown) => {
      const e = asRecord(item, 'directory entry');
      return { agentId: str(e, 'agent_id', 'directory entry'), name: str(e, 'name', 'directory entry'), extension: optStr(e, 'extension'), state: str(e, 'state', 'directory entry'), reason: optStr(e, 'reason') };
    });
  }

  /** Blind transfer of the call in progress to an extension or a number. */
  async transfer(callId: string, target: PartyTarget): Promise<void> {
    await this.request('POST', `/calls/${encodeURIComponent(callId)}/transfer`, { target });
  }

  /** Starts a consult (the caller hears music, the target rings); the consult's state. */
  async consult(callId: string, target: PartyTarget): Promise<string> {
    return consultState(await this.request('POST', `/calls/${encodeURIComponent(callId)}/consult`, { target }));
  }

  async consultAction(callId: string, action: 'complete' | 'cancel' | 'conference'): Promise<string> {
    return consultState(await this.request('POST', `/calls/${encodeURIComponent(callId)}/consult/${action}`));
  }

  /** The consult's state, or null when the call has none (any more). */
  async consultNow(callId: string): Promise<string | null> {
    try {
      return consultState(await this.request('GET', `/calls/${encodeURIComponent(callId)}/consult`));
    } catch (err) {
      if (err instanceof ApiRequestError && (err.status === 409 || err.status === 404)) return null;
      throw err;
    }
  }

  async logout(): Promise<void> {
    if (!this.token) return;
    await this.request('POST', '/auth/logout').catch(() => undefined);
    this.token = null;
  }

  /** Logs the agent out of the ACD as the page goes away (keepalive: the request outlives the tab). */
  leaveOnClose(): void {
    if (!this.token) return;
    void fetch(`${this.base}/me/state`, {
      method: 'POST', keepalive: true, body: JSON.stringify({ state: 'logged-out' }),
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
    }).catch(() => undefined);
  }

  private async request(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(this.base + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new ApiRequestError(res.status, `${method} ${path}: the server sent something that is not JSON (HTTP ${res.status})`);
    }
    if (!res.ok) {
      const err = typeof json === 'object' && json !== null && 'error' in json && typeof json.error === 'string' ? json.error : `HTTP ${res.status}`;
      // A 400 names the fields: "code is required by queue sales", not only "invalid request".
      const details = typeof json === 'object' && json !== null && 'details' in json && Array.isArray(json.details)
        ? (json.details as unknown[]).map((d) => (typeof d === 'object' && d !== null && 'message' in d ? `${String((d as { path?: unknown }).path ?? '').replace(/^body\./, '')} ${String(d.message)}`.trim() : '')).filter(Boolean)
        : [];
      throw new ApiRequestError(res.status, details.length ? `${err}: ${details.join('; ')}` : err);
    }
    return json;
  }
}

function consultState(value: unknown): string {
  return str(asRecord(value, 'consult'), 'state', 'consult');
}

function parseState(value: unknown): AgentState {
  const b = asRecord(value, 'agent state');
  return { agentId: optStr(b, 'agent_id'), state: str(b, 'state', 'agent state'), reason: optStr(b, 'reason'), since: optStr(b, 'since'), wrapUpEndsAt: optStr(b, 'wrap_up_ends_at') };
}
