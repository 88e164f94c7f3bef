// SIP credentials for browser softphones that are not the agent's own (migrations/0005): at
// GET /api/me/sip the server makes a random password for the API session, keeps only its
// HA1s, and the registrar accepts it while that session lives. A leaked set therefore dies
// at sign-out, at a password change or disabled account (every token revoked), or when the
// session expires — unlike the agent's HA1, which registers from anywhere until changed.
//
// Each set has its own digest username (`s.` + 22 random characters), so that the lookup
// finds one HA1 per username; the credentials it returns name the agent's own SIP username,
// which is the AOR the registrar binds. Desk phones keep using the agent's password.
import { randomBytes } from 'node:crypto';
import { sql, type ColumnType, type Kysely } from 'kysely';
import type { RegistrationsTable } from './registrations.types.js';
import type { SipCredentials } from './agents.repository.js';
import type { Database } from './database.types.js';
import { digestHa1 } from './secrets.js';

export interface SipSessionCredentialsTable {
  token_id: string;
  agent_id: string;
  username: string;
  realm: string;
  ha1_md5: string;
  ha1_sha256: string;
  expires_at: ColumnType<Date, Date, Date>;
  created_at: ColumnType<Date, never, never>;
}

type CredentialsDb = Kysely<Database & { sip_session_credentials: SipSessionCredentialsTable }>;

/** What the browser receives once; the password is not kept. */
export interface IssuedSipCredentials {
  authorizationUsername: string;
  password: string;
  expiresAt: Date;
}

/** The longest a set lives, even for a long-lived API token: a softphone asks again at sign-in. */
const maxLifetimeMs = 12 * 3600_000;
const sessionUsername = /^s\.[A-Za-z0-9_-]{22}$/;

function widen(base: Kysely<Database>): CredentialsDb {
  return base.withTables<{ sip_session_credentials: SipSessionCredentialsTable }>();
}

/**
 * Removes the sets of these tokens (they were revoked), and the registrations made with them,
 * so a signed-out browser's phone stops ringing at once; used by the tokens repository.
 */
export async function dropSipCredentials(base: Kysely<Database>, tokenIds: string[]): Promise<void> {
  if (tokenIds.length === 0) return;
  await widen(base).deleteFrom('sip_session_credentials').where('token_id', 'in', tokenIds).execute();
  await base.withTables<{ registrations: RegistrationsTable }>().deleteFrom('registrations').where('session_token_id', 'in', tokenIds).execute();
}

export function sipSessionCredentialsRepository(base: Kysely<Database>) {
  const db = widen(base);
  return {
    /** A new set for this session and agent, replacing the session's previous one. */
    async issue(token: { id: string; expiresAt: Date | null }, agent: { id: string; sip_realm: string }): Promise<IssuedSipCredentials> {
      const authorizationUsername = `s.${randomBytes(16).toString('base64url').slice(0, 22)}`;
      const password = randomBytes(24).toString('base64url');
      const cap = Date.now() + maxLifetimeMs;
      const expiresAt = new Date(token.expiresAt ? Math.min(token.expiresAt.getTime(), cap) : cap);
      const ha1 = digestHa1(authorizationUsername, agent.sip_realm, password);
      const values = { token_id: token.id, agent_id: agent.id, username: authorizationUsername, realm: agent.sip_realm, ha1_md5: ha1.md5, ha1_sha256: ha1.sha256, expires_at: expiresAt };
      await db.insertInto('sip_session_credentials').values(values)
        .onConflict((oc) => oc.column('token_id').doUpdateSet({ agent_id: values.agent_id, username: values.username, realm: values.realm, ha1_md5: values.ha1_md5, ha1_sha256: values.ha1_sha256, expires_at: values.expires_at }))
        .execute();
      // Sets of sessions that simply expired are never revoked; clear them here.
      await db.deleteFrom('sip_session_credentials').where('expires_at', '<', sql<Date>`now()`).execute();
      return { authorizationUsername, password, expiresAt };
    },

    /**
     * The digest lookup of the registrar: a live session set (its token not revoked or expired,
     * its user enabled), else the agent whose own SIP username this is (desk phones).
     */
    async findDigestCredentials(username: string): Promise<SipCredentials | undefined> {
      if (sessionUsername.test(username)) {
        const row = await db.selectFrom('sip_session_credentials as c')
          .innerJoin('api_tokens as t', 't.id', 'c.token_id')
          .innerJoin('users as u', 'u.id', 't.user_id')
          .innerJoin('agents as a', 'a.id', 'c.agent_id')
          .select(['a.id as agent_id', 'a.sip_username', 'c.realm', 'c.ha1_md5', 'c.ha1_sha256', 'c.token_id'])
          .where('c.username', '=', username)
          .where('c.expires_at', '>', sql<Date>`now()`)
          .where('t.revoked_at', 'is', null)
          .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', sql<Date>`now()`)]))
          .where('u.disabled', '=', false)
          .executeTakeFirst();
        if (row) return { agentId: row.agent_id, username: row.sip_username, realm: row.realm, ha1Md5: row.ha1_md5, ha1Sha256: row.ha1_sha256, sessionTokenId: row.token_id };
      }
      const agent = await db.selectFrom('agents').select(['id', 'sip_username', 'sip_realm', 'sip_ha1_md5', 'sip_ha1_sha256'])
        .where('sip_username', '=', username).executeTakeFirst();
      return agent && { agentId: agent.id, username: agent.sip_username, realm: agent.sip_realm, ha1Md5: agent.sip_ha1_md5, ha1Sha256: agent.sip_ha1_sha256 };
    },
  };
}

export type SipSessionCredentialsRepository = ReturnType<typeof sipSessionCredentialsRepository>;
