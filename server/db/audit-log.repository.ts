// The audit log (migration 0029): appended by server/api/http/audit-log.ts after each change
// made through the API, searched newest first by GET /api/audit. Nothing updates or deletes
// an entry.
import type { Kysely } from 'kysely';
import { pageOf, type Page } from './crud-repository.js';
import { recordConditions, type RecordPage } from './record-search.js';
import type { Database, NewRow, Row } from './database.types.js';

export interface AuditSearch extends RecordPage {
  resourceType?: string;
  resourceId?: string;
  /** The actor's user id. */
  actorId?: string;
  /** The actor's username as it was when the entry was written. */
  actorUsername?: string;
  action?: string;
}

export function auditLogRepository(db: Kysely<Database>) {
  return {
    async append(entry: NewRow<'audit_log'>): Promise<Row<'audit_log'>> {
      return db.insertInto('audit_log').values(entry).returningAll().executeTakeFirstOrThrow();
    },
    async search(s: AuditSearch): Promise<Page<Row<'audit_log'>>> {
      let q = db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(s.limit + 1);
      if (s.resourceType) q = q.where('resource_type', '=', s.resourceType);
      if (s.resourceId) q = q.where('resource_id', '=', s.resourceId);
      if (s.actorId) q = q.where('actor_id', '=', s.actorId);
      if (s.actorUsername) q = q.where('actor_username', '=', s.actorUsername);
      if (s.action) q = q.where('action', '=', s.action);
      for (const condition of recordConditions('audit_log', 'at', s)) q = q.where(condition);
      return pageOf(await q.execute(), s.limit, (row) => row.id);
    },
  };
}

export type AuditLogRepository = ReturnType<typeof auditLogRepository>;
