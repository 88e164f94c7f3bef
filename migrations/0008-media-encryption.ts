// SDES-SRTP settings (issue 11): agents.media_encryption says what a desk phone is offered
// ('none' plain RTP, 'optional' RTP/AVP with a=crypto, 'required' RTP/SAVP); browsers always get
// DTLS-SRTP. trunks.media_encryption says whether a carrier's plain offers are taken
// ('optional', the offer decides) or refused with 488 ('required'). See media/srtp-profile.ts.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw("ALTER TABLE agents ADD COLUMN media_encryption text NOT NULL DEFAULT 'none' CHECK (media_encryption IN ('none', 'optional', 'required'))").execute(db);
  await sql.raw("ALTER TABLE trunks ADD COLUMN media_encryption text NOT NULL DEFAULT 'optional' CHECK (media_encryption IN ('optional', 'required'))").execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE agents DROP COLUMN media_encryption').execute(db);
  await sql.raw('ALTER TABLE trunks DROP COLUMN media_encryption').execute(db);
}
