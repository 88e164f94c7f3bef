// Queues and their members (agent, penalty, proficiency, paused).
import { sql, type Kysely } from 'kysely';
import { crudRepository } from './crud-repository.js';
import type { Database, NewRow, Row, RowPatch } from './database.types.js';

export type MemberInput = Omit<NewRow<'queue_members'>, 'queue_id'>;
export type MemberPatch = Omit<RowPatch<'queue_members'>, 'queue_id' | 'agent_id'>;

export function queuesRepository(db: Kysely<Database>) {
  return {
    ...crudRepository(db, 'queues', { touch: true }),
    async listMembers(queueId: string): Promise<Row<'queue_members'>[]> {
      return db.selectFrom('queue_members').selectAll().where('queue_id', '=', queueId).orderBy('created_at').execute();
    },
    async addMember(queueId: string, member: MemberInput): Promise<Row<'queue_members'>> {
      return db.insertInto('queue_members').values({ ...member, queue_id: queueId }).returningAll().executeTakeFirstOrThrow();
    },
    async updateMember(queueId: string, agentId: string, patch: MemberPatch): Promise<Row<'queue_members'> | undefined> {
      if (Object.keys(patch).length === 0) {
        return db.selectFrom('queue_members').selectAll().where('queue_id', '=', queueId).where('agent_id', '=', agentId).executeTakeFirst();
      }
      return db.updateTable('queue_members').set(patch).where('queue_id', '=', queueId).where('agent_id', '=', agentId).returningAll().executeTakeFirst();
    },
    async removeMember(queueId: string, agentId: string): Promise<boolean> {
      const r = await db.deleteFrom('queue_members').where('queue_id', '=', queueId).where('agent_id', '=', agentId).executeTakeFirst();
      return r.numDeletedRows > 0n;
    },
    /** Queues the agent is a member of. */
    async queueIdsOfAgent(agentId: string): Promise<string[]> {
      const rows = await db.selectFrom('queue_members').select('queue_id').where('agent_id', '=', agentId).execute();
      return rows.map((r) => r.queue_id);
    },
    /** Queues a supervisor oversees; scopes what supervisors may read. */
    async idsSupervisedBy(userId: string): Promise<string[]> {
      const rows = await db.selectFrom('queues').select('id').where(sql<boolean>`supervisor_ids @> ${JSON.stringify([userId])}::jsonb`).execute();
      return rows.map((r) => r.id);
    },
  };
}

export type QueuesRepository = ReturnType<typeof queuesRepository>;
