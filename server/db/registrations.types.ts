// Row types of the registrations table (migrations/0002-registrations.ts). Kept beside the
// repository rather than in database.types.ts: the registrar is the only writer, and the
// repository widens its kysely handle with this table alone (`withTables`).
import type { ColumnType, Generated, Selectable } from 'kysely';

export type RegistrationTransport = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

export interface RegistrationsTable {
  id: Generated<string>;
  /** `sip:<user>@<realm>`: the address the registrar serves, whatever host the phone put in To. */
  aor: string;
  username: string;
  /** The Contact URI exactly as the phone sent it (without angle brackets or header params). */
  contact: string;
  transport: RegistrationTransport;
  source_address: string;
  source_port: number;
  user_agent: Generated<string>;
  call_id: string;
  cseq: number;
  /** The API session whose SIP credentials made this binding (browsers); null for a phone's own. */
  session_token_id: Generated<string | null>;
  /** The phone's +sip.instance (lower-cased, without quotes and brackets) and RFC 5626 reg-id (migration 0009). */
  instance_id: Generated<string | null>;
  reg_id: Generated<number | null>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type Registration = Selectable<RegistrationsTable>;

/** One contact binding as the registrar writes it; `expiresSeconds` counts from the database's now(). */
export interface ContactBinding {
  aor: string;
  username: string;
  contact: string;
  transport: RegistrationTransport;
  sourceAddress: string;
  sourcePort: number;
  userAgent: string;
  callId: string;
  cseq: number;
  expiresSeconds: number;
  sessionTokenId?: string | null;
  instanceId?: string | null;
  regId?: number | null;
}

/** A live contact and the seconds it has left, as the 200 to a REGISTER lists it. */
export interface CurrentContact {
  contact: string;
  expires: number;
}
