// Outbound calls (issue 12): ordered outbound routes (E.164 prefix -> trunks in failover
// order, digits stripped/added for the carrier), where a trunk takes outbound INVITEs, and
// each agent's toll-fraud policy (destination classes, caps) and caller id.
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE outbound_routes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL UNIQUE,
    priority integer NOT NULL DEFAULT 100,
    match_prefix text NOT NULL DEFAULT '',
    strip_digits integer NOT NULL DEFAULT 0 CHECK (strip_digits >= 0),
    add_prefix text NOT NULL DEFAULT '+',
    trunk_ids jsonb NOT NULL DEFAULT '[]',
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())`,
  'ALTER TABLE trunks ADD COLUMN outbound_uri text',
  `ALTER TABLE agents ADD COLUMN outbound_classes jsonb NOT NULL DEFAULT '["internal", "national"]'`,
  'ALTER TABLE agents ADD COLUMN outbound_caller_id text',
  'ALTER TABLE agents ADD COLUMN outbound_max_concurrent integer CHECK (outbound_max_concurrent >= 0)',
  'ALTER TABLE agents ADD COLUMN outbound_max_per_hour integer CHECK (outbound_max_per_hour >= 0)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE outbound_routes').execute(db);
  await sql.raw('ALTER TABLE trunks DROP COLUMN outbound_uri').execute(db);
  for (const c of ['outbound_classes', 'outbound_caller_id', 'outbound_max_concurrent', 'outbound_max_per_hour']) await sql.raw(`ALTER TABLE agents DROP COLUMN ${c}`).execute(db);
}
