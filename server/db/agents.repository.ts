// Agents and their SIP credentials. The SIP password is turned into HA1s (MD5 and SHA-256)
// under the realm and never stored; changing the SIP username therefore needs the password
// again, which the API enforces. The registrar calls findBySipUsername for digest auth.
import type { Kysely } from 'kysely';
import { crudRepository } from './crud-repository.js';
import type { Database, NewRow, Row, RowPatch } from './database.types.js';
import { digestHa1 } from './secrets.js';

type Credentials = 'sip_realm' | 'sip_ha1_md5' | 'sip_ha1_sha256';
export type AgentInput = Omit<NewRow<'agents'>, Credentials> & { sip_password: string };
export type AgentPatch = Omit<RowPatch<'agents'>, Credentials> & { sip_password?: string };

export interface SipCredentials {
  agentId: string;
  username: string;
  realm: string;
  ha1Md5: string;
  ha1Sha256: string;
  /** Set when these are an API session's credentials (a browser), not the agent's own. */
  sessionTokenId?: string;
}

function credentials(username: string, realm: string, password: string) {
  const ha1 = digestHa1(username, realm, password);
  return { sip_realm: realm, sip_ha1_md5: ha1.md5, sip_ha1_sha256: ha1.sha256 };
}

export function agentsRepository(db: Kysely<Database>, realm: string) {
  const crud = crudRepository(db, 'agents', { touch: true });
  return {
    ...crud,
    async create({ sip_password, ...rest }: AgentInput): Promise<Row<'agents'>> {
      return crud.create({ ...rest, ...credentials(rest.sip_username, realm, sip_password) });
    },
    /** A new password is hashed with the new username if one is given, else the current one. */
    async update(id: string, { sip_password, ...rest }: AgentPatch): Promise<Row<'agents'> | undefined> {
      if (sip_password === undefined) return crud.update(id, rest);
      const current = await crud.get(id);
      if (!current) return undefined;
      return crud.update(id, { ...rest, ...credentials(rest.sip_username ?? current.sip_username, realm, sip_password) });
    },
    async findBySipUsername(username: string): Promise<SipCredentials | undefined> {
      const row = await db.selectFrom('agents').select(['id', 'sip_username', 'sip_realm', 'sip_ha1_md5', 'sip_ha1_sha256'])
        .where('sip_username', '=', username).executeTakeFirst();
      return row && { agentId: row.id, username: row.sip_username, realm: row.sip_realm, ha1Md5: row.sip_ha1_md5, ha1Sha256: row.sip_ha1_sha256 };
    },
    async findByUserId(userId: string): Promise<Row<'agents'> | undefined> {
      return db.selectFrom('agents').selectAll().where('user_id', '=', userId).executeTakeFirst();
    },
    async findByExtension(extension: string): Promise<Row<'agents'> | undefined> {
      return db.selectFrom('agents').selectAll().where('extension', '=', extension).executeTakeFirst();
    },
  };
}

export type AgentsRepository = ReturnType<typeof agentsRepository>;
