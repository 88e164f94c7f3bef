// Live provisioning (issue 9): every insert, update and delete on a table that the ACD, the
// IVR, the router or the registrar read sends `pg_notify('provisioning', {table, op, id})`,
// so every node that caches provisioning data (server/db/change-feed.ts) hears of it at
// commit, through Postgres itself rather than an in-process call. `id` is the row's key:
// queue_id for a queue membership, flow_id for an IVR flow version.
import { sql, type Kysely } from 'kysely';

/** Table → the column that names the changed thing (server/db/change-feed.types.ts lists the same tables). */
const notifiedTables = {
  agents: 'id', queues: 'id', queue_members: 'queue_id', numbers: 'id', ivr_flows: 'id',
  ivr_flow_versions: 'flow_id', trunks: 'id', schedules: 'id', prompts: 'id',
} as const;

const notifyFunction = `CREATE FUNCTION provisioning_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
BEGIN
  PERFORM pg_notify('provisioning', json_build_object('table', TG_TABLE_NAME, 'op', lower(TG_OP), 'id', changed ->> TG_ARGV[0])::text);
  RETURN NULL;
END $$`;

const trigger = (table: string) => `${table}_provisioning_notify`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(notifyFunction).execute(db);
  for (const [table, key] of Object.entries(notifiedTables)) {
    await sql.raw(`CREATE TRIGGER ${trigger(table)} AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION provisioning_notify('${key}')`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of Object.keys(notifiedTables)) await sql.raw(`DROP TRIGGER ${trigger(table)} ON ${table}`).execute(db);
  await sql.raw('DROP FUNCTION provisioning_notify()').execute(db);
}
