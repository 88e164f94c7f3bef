// API tokens: the plain token is returned once at issue time; only its SHA-256 is stored.
// Revocation keeps the row (an audit trail of who had access) and stops it authenticating;
// the SIP credentials issued to that session die with it (sip-session-credentials.repository.ts).
// A password change or a disabled account revokes every token of the user (revokeAllForUser).
import { sql, type Kysely } from 'kysely';
import type { Database, Row } from './database.types.js';
import { newToken, sha256Hex } from './secrets.js';
import { dropSipCredentials } from './sip-session-credentials.repository.js';

export type TokenRow = Omit<Row<'api_tokens'>, 'token_hash'>;
export type TokenKind = Row<'api_tokens'>['kind'];

/** The token a request came with, as authentication found it. */
export interface LiveToken { id: string; kind: TokenKind; expiresAt: Date | null }

/** last_used_at is written at most this often per token, to keep reads from writing. */
const lastUsedResolutionSeconds = 60;

const publicColumns = ['id', 'user_id', 'name', 'kind', 'expires_at', 'last_used_at', 'revoked_at', 'created_at'] as const;

export function tokensRepository(db: Kysely<Database>) {
  return {
    async issue(userId: string, name: string, expiresAt: Date | null, kind: TokenKind = 'api'): Promise<{ token: string; row: TokenRow }> {
      const token = newToken();
      const row = await db.insertInto('api_tokens')
        .values({ user_id: userId, name, kind, token_hash: sha256Hex(token), expires_at: expiresAt, last_used_at: null, revoked_at: null })
        .returning(publicColumns).executeTakeFirstOrThrow();
      return { token, row };
    },

    /** The enabled user behind a live token, and the token's id; marks it used. */
    async authenticate(token: string): Promise<{ user: Row<'users'>; token: LiveToken } | undefined> {
      const found = await db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users').select(['api_tokens.id as token_id', 'api_tokens.last_used_at as token_last_used_at', 'api_tokens.kind as token_kind', 'api_tokens.expires_at as token_expires_at'])
        .where('token_hash', '=', sha256Hex(token)).where('revoked_at', 'is', null).where('users.disabled', '=', false)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
        .executeTakeFirst();
      if (!found) return undefined;
      const { token_id: tokenId, token_last_used_at: lastUsed, token_kind: kind, token_expires_at: expiresAt, ...user } = found;
      if (!lastUsed || Date.now() - lastUsed.getTime() > lastUsedResolutionSeconds * 1000) {
        await db.updateTable('api_tokens').set({ last_used_at: sql<Date>`now()` }).where('id', '=', tokenId).execute();
      }
      return { user, token: { id: tokenId, kind, expiresAt } };
    },

    async listForUser(userId: string | undefined): Promise<TokenRow[]> {
      let query = db.selectFrom('api_tokens').select(publicColumns).orderBy('created_at').orderBy('id');
      if (userId) query = query.where('user_id', '=', userId);
      return query.execute();
    },

    async get(id: string): Promise<TokenRow | undefined> {
      return db.selectFrom('api_tokens').select(publicColumns).where('id', '=', id).executeTakeFirst();
    },

    async revoke(id: string): Promise<TokenRow | undefined> {
      const row = await db.updateTable('api_tokens').set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
        .where('id', '=', id).returning(publicColumns).executeTakeFirst();
      await dropSipCredentials(db, [id]);
      return row;
    },

    /** Every live token of the user stops working (password changed, account disabled); how many. */
    async revokeAllForUser(userId: string): Promise<number> {
      const rows = await db.updateTable('api_tokens').set({ revoked_at: sql<Date>`now()` })
        .where('user_id', '=', userId).where('revoked_at', 'is', null).returning('id').execute();
      await dropSipCredentials(db, rows.map((r) => r.id));
      return rows.length;
    },
  };
}

export type TokensRepository = ReturnType<typeof tokensRepository>;
