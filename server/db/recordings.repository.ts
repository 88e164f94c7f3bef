// Recordings index: the file (under the media directory's recordings/ folder), its length,
// channels and the spans during which recording was paused. Access follows the call's, so a
// search joins the call: its time, numbers, queue, agent and disposition are the filters, and
// the role scope is the calls' (record-search.ts).
import { sql, type Kysely } from 'kysely';
import { pageOf, type Page } from './crud-repository.js';
import type { RecordPage, RecordScope } from './record-search.js';
import type { CallDirection, Database, Disposition, NewRow, Row } from './database.types.js';

export interface RecordingSearch extends RecordPage {
  callId?: string;
  /** A part of the caller's or the called number. */
  number?: string;
  queueId?: string;
  agentId?: string;
  disposition?: Disposition;
  scope?: RecordScope;
}

/** A recording with the facts of its call that a search shows. */
export type FoundRecording = Row<'recordings'> & {
  started_at: Date; direction: CallDirection; from_number: string; to_number: string;
  queue_id: string | null; agent_id: string | null; disposition: Disposition | null;
};

export function recordingsRepository(db: Kysely<Database>) {
  return {
    async add(recording: NewRow<'recordings'>): Promise<Row<'recordings'>> {
      return db.insertInto('recordings').values(recording).returningAll().executeTakeFirstOrThrow();
    },
    async get(id: string): Promise<Row<'recordings'> | undefined> {
      return db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async forCall(callId: string): Promise<Row<'recordings'>[]> {
      return db.selectFrom('recordings').selectAll().where('call_id', '=', callId).orderBy('created_at').execute();
    },
    /** Newest call first (then the recording's id), keyset pages: `after` is the last recording's id. */
    async search(s: RecordingSearch): Promise<Page<FoundRecording>> {
      let q = db.selectFrom('recordings as r').innerJoin('calls as c', 'c.id', 'r.call_id')
        .selectAll('r').select(['c.started_at', 'c.direction', 'c.from_number', 'c.to_number', 'c.queue_id', 'c.agent_id', 'c.disposition'])
        .orderBy('c.started_at', 'desc').orderBy('r.id', 'desc').limit(s.limit + 1);
      if (s.callId) q = q.where('r.call_id', '=', s.callId);
      // The number is digits, * # and a leading + (validated at the API), so it holds no LIKE wildcard.
      const number = s.number;
      if (number !== undefined) q = q.where((eb) => eb.or([eb('c.from_number', 'like', `%${number}%`), eb('c.to_number', 'like', `%${number}%`)]));
      if (s.queueId) q = q.where('c.queue_id', '=', s.queueId);
      if (s.agentId) q = q.where('c.agent_id', '=', s.agentId);
      if (s.disposition) q = q.where('c.disposition', '=', s.disposition);
      if (s.since) q = q.where('c.started_at', '>=', s.since);
      if (s.until) q = q.where('c.started_at', '<', s.until);
      const queueIds = s.scope?.queueIds;
      if (queueIds) q = queueIds.length ? q.where('c.queue_id', 'in', queueIds) : q.where(sql<boolean>`false`);
      if (s.scope?.agentId) q = q.where('c.agent_id', '=', s.scope.agentId);
      const after = s.after;
      if (after) {
        q = q.where(sql<boolean>`(c.started_at, r.id) < (SELECT c2.started_at, r2.id FROM recordings r2 JOIN calls c2 ON c2.id = r2.call_id WHERE r2.id = ${after})`);
      }
      return pageOf(await q.execute(), s.limit, (row) => row.id);
    },
  };
}

export type RecordingsRepository = ReturnType<typeof recordingsRepository>;
