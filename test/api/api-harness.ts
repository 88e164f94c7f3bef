// An API on loopback over a fresh database of each kind, with an admin token and helpers
// to make users of other roles and to call the API.
import { after, before, describe } from 'node:test';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiApp, type ApiOptions } from '../../server/api/create-api-app.js';
import { createLogger } from '../../server/api/logger.js';
import type { Role } from '../../server/db/database.types.js';
import { createRepositories, type Repositories } from '../../server/db/repositories.js';
import { ensureAdmin } from '../../server/db/ensure-admin.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../db/test-databases.js';

/** A JSON reply: the fields tests use often are typed, the rest are unknown. */
export interface ApiBody {
  id?: string;
  error?: string;
  details?: { path: string; message: string }[];
  items?: ApiBody[];
  next?: string | null;
  [field: string]: unknown;
}

export interface Reply {
  status: number;
  headers: Headers;
  /** The parsed JSON ({} when the reply is not JSON). */
  body: ApiBody;
  text: string;
  /** The body as received (for binary replies: audio, CSV). */
  bytes: Buffer;
}

export interface ApiHarness {
  database: TestDatabase;
  repos: Repositories;
  mediaDir: string;
  adminToken: string;
  adminPassword: string;
  /** http://127.0.0.1:<port>/api */
  baseUrl: string;
  request(method: string, path: string, options?: { token?: string | null; body?: unknown; rawBody?: Buffer; contentType?: string }): Promise<Reply>;
  /** A user of that role with a token; an agent also gets an agent row. */
  userWithRole(role: Role, name: string): Promise<{ token: string; userId: string; agentId?: string }>;
}

export const adminPassword = 'admin-password-for-tests';

/** Extensions of the agents userWithRole makes, one apart so they never clash. */
let nextExtension = 0;

export function describeEachApi(name: string, body: (get: () => ApiHarness) => void, options: Pick<ApiOptions, 'health' | 'checkIvrFlow' | 'webhooks'> = {}): void {
  for (const kind of databaseKinds) {
    describe(`${name} [${kind}]`, () => {
      let harness: ApiHarness | undefined;
      let server: Server | undefined;
      let drop: (() => Promise<void>) | undefined;
      let mediaDir = '';
      before(async () => {
        const database = await createTestDatabase(kind);
        drop = database.drop;
        mediaDir = mkdtempSync(join(tmpdir(), 'switchboard-media-'));
        const app = createApiApp({ ...options, db: database.db, logger: createLogger({ level: process.env.API_TEST_LOG ?? 'silent' }), mediaDir, sipRealm: 'switchboard' });
        server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
        const repos = createRepositories(database.db, { sipRealm: 'switchboard' });
        await ensureAdmin(database.db, { password: adminPassword });
        const admin = (await repos.users.authenticate('admin', adminPassword))!;
        const adminToken = (await repos.tokens.issue(admin.id, 'tests', null)).token;
        const request: ApiHarness['request'] = async (method, path, o = {}) => {
          const token = o.token === undefined ? adminToken : o.token;
          const headers: Record<string, string> = {};
          if (token) headers.authorization = `Bearer ${token}`;
          let payload: string | Buffer | undefined;
          if (o.rawBody) { payload = o.rawBody; headers['content-type'] = o.contentType ?? 'application/octet-stream'; }
          else if (o.body !== undefined) { payload = typeof o.body === 'string' ? o.body : JSON.stringify(o.body); headers['content-type'] = o.contentType ?? 'application/json'; }
          const res = await fetch(`${base}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
          const bytes = Buffer.from(await res.arrayBuffer());
          const text = bytes.toString('utf8');
          const isJson = res.headers.get('content-type')?.includes('json');
          return { status: res.status, headers: res.headers, body: isJson && text ? (JSON.parse(text) as ApiBody) : {}, text, bytes };
        };
        harness = {
          database, repos, mediaDir, adminToken, adminPassword, request, baseUrl: base,
          async userWithRole(role, username) {
            const user = await repos.users.create({ username, role, password: `${username}-password`, email: null });
            const { token } = await repos.tokens.issue(user.id, 'tests', null);
            if (role !== 'agent') return { token, userId: user.id };
            const agent = await repos.agents.create({ name: username, user_id: user.id, extension: String(2000 + (nextExtension++)), sip_username: username, sip_password: 'agent-sip-pass' });
            return { token, userId: user.id, agentId: agent.id };
          },
        };
      });
      after(async () => {
        await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
        await drop?.();
        rmSync(mediaDir, { recursive: true, force: true });
      });
      body(() => {
        if (!harness) throw new Error('API not ready');
        return harness;
      });
    });
  }
}
