// Who is calling: a bearer token (issued by POST /api/tokens or by login) resolves to a
// user. The agent row of an agent and the queues a supervisor oversees are looked up once
// per request, when a route first needs them to scope what the caller may see.
import type { Request } from 'express';
import type { Repositories } from '../../db/repositories.js';
import type { Role, Row } from '../../db/database.types.js';
import type { RecordScope } from '../../db/record-search.js';
import type { LiveToken } from '../../db/tokens.repository.js';

export type { RecordScope };
import { unauthorized } from './api-error.js';

export type PublicUser = Omit<Row<'users'>, 'password_hash'>;

export interface Auth {
  user: PublicUser;
  /** The token of this request: its id, whether it is a sign-in session, when it expires. */
  token: LiveToken;
  /** The caller's agent id, if the caller is linked to an agent. */
  agentId(): Promise<string | undefined>;
  supervisedQueueIds(): Promise<string[]>;
  /** What records the caller may read: everything (admin), their queues, or their own. */
  scope(): Promise<RecordScope>;
}


export function publicUser({ password_hash: _hash, ...user }: Row<'users'>): PublicUser {
  return user;
}

/** An id no row has: an agent role without an agent row sees nothing. */
const nobody = '00000000-0000-0000-0000-000000000000';

export async function authenticate(req: Request, repos: Repositories): Promise<Auth> {
  const header = req.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthorized();
  return authenticateToken(match[1], repos);
}

/** A bearer token's user, as authenticate() resolves it (the event socket's first message carries one). */
export async function authenticateToken(secret: string, repos: Repositories): Promise<Auth> {
  const found = await repos.tokens.authenticate(secret);
  if (!found) throw unauthorized();
  const user = publicUser(found.user);
  let agentId: Promise<string | undefined> | undefined;
  let queueIds: Promise<string[]> | undefined;
  const auth: Auth = {
    user,
    token: found.token,
    agentId: () => (agentId ??= repos.agents.findByUserId(user.id).then((a) => a?.id)),
    supervisedQueueIds: () => (queueIds ??= repos.queues.idsSupervisedBy(user.id)),
    async scope() {
      const role: Role = user.role;
      if (role === 'admin') return {};
      if (role === 'supervisor') return { queueIds: await auth.supervisedQueueIds() };
      return { agentId: (await auth.agentId()) ?? nobody };
    },
  };
  return auth;
}
