// Registrations: contact bindings per AOR with their expiry. Expiry is computed by the
// database (now() + seconds) so that several app nodes agree on it whatever their clocks.
// `bind` writes the bindings and returns every live contact of the AOR in one round trip,
// because that is the hot path of REGISTER.
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.types.js';
import type { ContactBinding, CurrentContact, Registration, RegistrationsTable } from './registrations.types.js';

type RegistrationsDb = Kysely<{ registrations: RegistrationsTable }>;

const remaining = sql<number>`greatest(0, ceil(extract(epoch from expires_at - now())))::int`;

export function registrationsRepository(base: Kysely<Database>) {
  const db: RegistrationsDb = base.withTables<{ registrations: RegistrationsTable }>() as unknown as RegistrationsDb;
  return {
    /**
     * Upserts the bindings of one AOR and lists all its live contacts afterwards. A binding
     * older than the stored one (same Call-ID, lower or equal CSeq: a late retransmission or
     * reordered REGISTER) leaves the stored row alone, as RFC 3261 §10.3 step 7 asks.
     */
    async bind(aor: string, bindings: ContactBinding[]): Promise<CurrentContact[]> {
      if (bindings.length === 0) return this.current(aor);
      const values = sql.join(bindings.map((b) => sql`(${b.aor}, ${b.username}, ${b.contact}, ${b.transport}, ${b.sourceAddress},
        ${b.sourcePort}, ${b.userAgent}, ${b.callId}, ${b.cseq}, ${b.sessionTokenId ?? null}::uuid, ${b.instanceId ?? null}::text, ${b.regId ?? null}::integer,
        now() + make_interval(secs => ${b.expiresSeconds}))`));
      const result = await sql<CurrentContact>`
        WITH up AS (
          INSERT INTO registrations (aor, username, contact, transport, source_address, source_port, user_agent, call_id, cseq, session_token_id, instance_id, reg_id, expires_at)
          VALUES ${values}
          ON CONFLICT (aor, contact) DO UPDATE SET
            username = excluded.username, transport = excluded.transport, source_address = excluded.source_address,
            source_port = excluded.source_port, user_agent = excluded.user_agent, call_id = excluded.call_id,
            cseq = excluded.cseq, session_token_id = excluded.session_token_id, instance_id = excluded.instance_id, reg_id = excluded.reg_id,
            expires_at = excluded.expires_at, updated_at = now()
          WHERE registrations.call_id <> excluded.call_id OR registrations.cseq < excluded.cseq
          RETURNING contact, expires_at)
        SELECT contact, ${remaining} AS expires FROM up
        UNION ALL
        SELECT contact, ${remaining} AS expires FROM registrations
          WHERE aor = ${aor} AND expires_at > now() AND contact NOT IN (SELECT contact FROM up)`.execute(db);
      return result.rows.map((r) => ({ contact: r.contact, expires: Number(r.expires) }));
    },
    /** Live contacts of an AOR with their remaining seconds. */
    async current(aor: string): Promise<CurrentContact[]> {
      return db.selectFrom('registrations').select(['contact', remaining.as('expires')])
        .where('aor', '=', aor).where('expires_at', '>', sql<Date>`now()`).orderBy('created_at').execute();
    },
    /** Live bindings of an AOR, full rows (for calling them). */
    async live(aor: string): Promise<Registration[]> {
      return db.selectFrom('registrations').selectAll()
        .where('aor', '=', aor).where('expires_at', '>', sql<Date>`now()`).orderBy('created_at').execute();
    },
    async unbind(aor: string, contacts: string[]): Promise<number> {
      if (contacts.length === 0) return 0;
      const r = await db.deleteFrom('registrations').where('aor', '=', aor).where('contact', 'in', contacts).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    /**
     * Removes the AOR's other bindings of this phone instance (same +sip.instance and reg-id,
     * another Contact): the phone rebooted and the old ones are dead. Returns their contacts.
     */
    async replaceInstance(aor: string, keep: string, instanceId: string, regId: number | null): Promise<string[]> {
      const rows = await db.deleteFrom('registrations').where('aor', '=', aor).where('instance_id', '=', instanceId)
        .where(sql<boolean>`reg_id IS NOT DISTINCT FROM ${regId}::integer`).where('contact', '<>', keep).returning('contact').execute();
      return rows.map((r) => r.contact);
    },
    async unbindAll(aor: string): Promise<number> {
      const r = await db.deleteFrom('registrations').where('aor', '=', aor).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    /** Deletes bindings past their expiry; returns the AOR of each (the registrar checks which have none left). */
    async sweep(): Promise<string[]> {
      const rows = await db.deleteFrom('registrations').where('expires_at', '<=', sql<Date>`now()`).returning('aor').execute();
      return rows.map((r) => r.aor);
    },
    /** Live UDP bindings: the NAT keepalive pings those behind NAT. */
    async liveUdp(): Promise<Registration[]> {
      return db.selectFrom('registrations').selectAll().where('transport', '=', 'udp').where('expires_at', '>', sql<Date>`now()`).execute();
    },
    /** Live bindings over a connection (TCP, TLS, WS, WSS): the ones the contact keepalive pings. */
    async liveConnected(): Promise<Registration[]> {
      return db.selectFrom('registrations').selectAll()
        .where('transport', 'in', ['tcp', 'tls', 'ws', 'wss']).where('expires_at', '>', sql<Date>`now()`).execute();
    },
  };
}

export type RegistrationsRepository = ReturnType<typeof registrationsRepository>;
