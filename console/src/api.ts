// The console's REST client: sign-in with a bearer token, then JSON requests, uploads and
// audio downloads on /api. A refusal becomes an ApiError carrying the server's message and its
// per-field details ({path: 'body.field', message}), so a form can show each on its field.
export interface Issue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly status: number, message: string, readonly details: Issue[] = []) {
    super(message);
  }
}

export interface SignedIn {
  token: string;
  user: { id: string; username: string; role: string; display_name?: string | null };
}

export type Json = Record<string, unknown>;

export class ConsoleApi {
  private token: string | null = null;

  constructor(private readonly base = '/api') {}

  async login(username: string, password: string): Promise<SignedIn> {
    const reply = (await this.send('POST', '/auth/login', { json: { username, password } })) as unknown as SignedIn;
    this.token = reply.token;
    return reply;
  }

  /** The session's token, for the live events socket, which takes it in its first message (docs/events.md). */
  get bearer(): string | null {
    return this.token;
  }

  async logout(): Promise<void> {
    if (this.token) await this.send('POST', '/auth/logout').catch(() => undefined);
    this.token = null;
  }

  get<T = Json>(path: string): Promise<T> {
    return this.send('GET', path) as Promise<T>;
  }

  /** POST, PATCH, PUT or DELETE with a JSON body (or none). */
  call<T = Json>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, json?: unknown): Promise<T> {
    return this.send(method, path, json === undefined ? {} : { json }) as Promise<T>;
  }

  /** A file's bytes as they are, with their own content type (CSV import, prompt audio). */
  upload<T = Json>(method: 'POST' | 'PUT', path: string, body: Blob | string, contentType: string): Promise<T> {
    return this.send(method, path, { raw: body, contentType }) as Promise<T>;
  }

  /** Audio (or any binary reply) as a Blob, fetched with the token — an <audio src> could not send it. */
  async blob(method: 'GET' | 'POST', path: string, json?: unknown): Promise<Blob> {
    const res = await this.fetch(method, path, json === undefined ? {} : { json });
    if (!res.ok) throw await refusal(res);
    return res.blob();
  }

  private async send(method: string, path: string, body: { json?: unknown; raw?: Blob | string; contentType?: string } = {}): Promise<Json> {
    const res = await this.fetch(method, path, body);
    if (!res.ok) throw await refusal(res);
    const text = await res.text();
    return text ? (JSON.parse(text) as Json) : {};
  }

  private fetch(method: string, path: string, { json, raw, contentType }: { json?: unknown; raw?: Blob | string; contentType?: string }): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (json !== undefined) headers['content-type'] = 'application/json';
    if (raw !== undefined && contentType) headers['content-type'] = contentType;
    const payload = json !== undefined ? JSON.stringify(json) : raw;
    return fetch(this.base + path, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
  }
}

async function refusal(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as { error?: unknown; details?: unknown };
  const details = Array.isArray(body.details)
    ? body.details.filter((d): d is Issue => typeof d === 'object' && d !== null && typeof (d as Issue).message === 'string').map((d) => ({ path: String(d.path ?? ''), message: d.message }))
    : [];
  return new ApiError(res.status, typeof body.error === 'string' ? body.error : `HTTP ${res.status}`, details);
}

/** An error as one line for the user: the server's message and what it said of each field. */
export function errorText(err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  const fields = err.details.map((d) => `${d.path.replace(/^body\./, '')} ${d.message}`.trim());
  return fields.length && err.status !== 409 ? `${err.message}: ${fields.join('; ')}` : err.message;
}
