// IVR flows are versioned: every definition written becomes a new version, and the flow
// points at its current one. A call keeps the (flow, version) it started with, so editing
// a flow never changes a call in progress.
import { sql, type Kysely } from 'kysely';
import { crudRepository } from './crud-repository.js';
import type { Database, IvrFlowDefinition, Row } from './database.types.js';

export interface IvrFlowInput { name: string; description?: string; definition: IvrFlowDefinition }
export type IvrFlowPatch = Partial<IvrFlowInput>;
export interface FlowVersion { version: number; created_at: Date; changed_by: string | null; action: string | null }
export type IvrFlowWithDefinition = Row<'ivr_flows'> & { definition: IvrFlowDefinition };

export function ivrFlowsRepository(db: Kysely<Database>) {
  const crud = crudRepository(db, 'ivr_flows', { touch: true });

  async function withDefinition(flow: Row<'ivr_flows'> | undefined): Promise<IvrFlowWithDefinition | undefined> {
    if (!flow) return undefined;
    const version = await db.selectFrom('ivr_flow_versions').select('definition')
      .where('flow_id', '=', flow.id).where('version', '=', flow.current_version).executeTakeFirstOrThrow();
    return { ...flow, definition: version.definition };
  }

  return {
    list: crud.list,
    remove: crud.remove,
    get: async (id: string) => withDefinition(await crud.get(id)),
    async create({ definition, ...rest }: IvrFlowInput): Promise<IvrFlowWithDefinition> {
      return db.transaction().execute(async (trx) => {
        const flow = await trx.insertInto('ivr_flows').values({ ...rest, current_version: 1 }).returningAll().executeTakeFirstOrThrow();
        await trx.insertInto('ivr_flow_versions').values({ flow_id: flow.id, version: 1, definition }).execute();
        return { ...flow, definition };
      });
    },
    async update(id: string, { definition, ...rest }: IvrFlowPatch): Promise<IvrFlowWithDefinition | undefined> {
      const flow = await db.transaction().execute(async (trx) => {
        const bump = definition === undefined ? {} : { current_version: sql<number>`current_version + 1` };
        const row = await trx.updateTable('ivr_flows').set({ ...rest, ...bump, updated_at: sql<Date>`now()` })
          .where('id', '=', id).returningAll().executeTakeFirst();
        if (row && definition !== undefined) {
          await trx.insertInto('ivr_flow_versions').values({ flow_id: id, version: row.current_version, definition }).execute();
        }
        return row;
      });
      return withDefinition(flow);
    },
    /** A call's pinned version, even after the flow moved on. */
    async getVersion(id: string, version: number): Promise<IvrFlowDefinition | undefined> {
      const row = await db.selectFrom('ivr_flow_versions').select('definition')
        .where('flow_id', '=', id).where('version', '=', version).executeTakeFirst();
      return row?.definition;
    },
    /**
     * The versions, oldest first, each with who wrote it: the audit entry of the change whose
     * result was that version (null for a flow written outside the API, the demo seed).
     */
    async listVersions(id: string): Promise<FlowVersion[]> {
      const rows = await sql<FlowVersion>`
        select v.version, v.created_at, a.actor_username as changed_by, a.action
        from ivr_flow_versions v
        left join lateral (
          select actor_username, action from audit_log
          where resource_type = 'ivr-flow' and resource_id = ${id} and (after->>'current_version')::int = v.version
            and (action = 'create' or changed ? 'definition')
          order by at limit 1) a on true
        where v.flow_id = ${id}
        order by v.version`.execute(db);
      return rows.rows;
    },
  };
}

export type IvrFlowsRepository = ReturnType<typeof ivrFlowsRepository>;
