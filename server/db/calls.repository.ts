// Call records: the SIP app creates a call when it arrives, updates it as it moves (IVR,
// queue, agent) and ends it; legs are child rows. Searches are newest first and paged by
// keyset (the id of the last row seen), matching the calls_* indexes of the first migration.
import { sql, type Kysely } from 'kysely';
import { pageOf, type Page } from './crud-repository.js';
import { recordConditions, type RecordPage, type RecordScope } from './record-search.js';
import type { CallDirection, CallStatus, Database, Disposition, NewRow, Row, RowPatch } from './database.types.js';

export interface CallSearch extends RecordPage {
  /** Matches the caller or the called number. */
  number?: string;
  direction?: CallDirection;
  status?: CallStatus;
  queueId?: string;
  agentId?: string;
  disposition?: Disposition;
  minDuration?: number;
  maxDuration?: number;
  scope?: RecordScope;
}

export type CallEnd = Pick<RowPatch<'calls'>, 'hangup_cause' | 'hangup_side' | 'disposition' | 'queue_left_at'> & { ended_at?: Date };

export function callsRepository(db: Kysely<Database>) {
  /** Completes the record; the duration is computed by the database from its own timestamps. */
  const end = async (id: string, fields: CallEnd): Promise<Row<'calls'> | undefined> => {
    const endedAt = fields.ended_at ?? new Date();
    return db.updateTable('calls').set({
      ...fields,
      ended_at: endedAt,
      status: 'completed',
      duration_seconds: sql<number>`greatest(0, round(extract(epoch FROM (${endedAt}::timestamptz - started_at))))::int`,
    }).where('id', '=', id).returningAll().executeTakeFirst();
  };
  return {
    async create(call: NewRow<'calls'>): Promise<Row<'calls'>> {
      return db.insertInto('calls').values(call).returningAll().executeTakeFirstOrThrow();
    },
    async update(id: string, patch: RowPatch<'calls'>): Promise<Row<'calls'> | undefined> {
      return db.updateTable('calls').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
    },
    end,
    /**
     * A call the record had waiting in a queue when the process died: its caller went with it,
     * dropped by the system (`failed`, cause `restart`; the queue log says abandoned). At a
     * center's start closeLeftInProgress() has closed it already and only its queue exit is
     * added here; otherwise the same end() the call's own record uses closes it.
     */
    async closeAfterRestart(id: string, queueLeftAt: Date): Promise<Row<'calls'> | undefined> {
      const closed = await db.updateTable('calls').set({ queue_left_at: queueLeftAt })
        .where('id', '=', id).where('status', '=', 'completed').where('queue_left_at', 'is', null).returningAll().executeTakeFirst();
      return closed ?? end(id, { disposition: 'failed', hangup_side: 'system', hangup_cause: 'restart', queue_left_at: queueLeftAt });
    },
    async get(id: string): Promise<Row<'calls'> | undefined> {
      return db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async addLeg(leg: NewRow<'call_legs'>): Promise<Row<'call_legs'>> {
      return db.insertInto('call_legs').values(leg).returningAll().executeTakeFirstOrThrow();
    },
    async updateLeg(id: string, patch: RowPatch<'call_legs'>): Promise<Row<'call_legs'> | undefined> {
      return db.updateTable('call_legs').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
    },
    async legs(callId: string): Promise<Row<'call_legs'>[]> {
      return db.selectFrom('call_legs').selectAll().where('call_id', '=', callId).orderBy('started_at').execute();
    },
    /**
     * Calls the record still has waiting in a queue: their callers died with the process. The
     * ACD records them as abandoned when it starts. closeLeftInProgress() has usually closed
     * them already (status completed, cause `restart`) and leaves their queue facts to the ACD,
     * so both are found here until the ACD has set queue_left_at.
     */
    async stillQueued(): Promise<Row<'calls'>[]> {
      return db.selectFrom('calls').selectAll().where('queue_left_at', 'is', null).where('queue_id', 'is not', null)
        .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'completed'), eb('hangup_cause', '=', 'restart')])]))
        .execute();
    },
    /**
     * At startup, before the ACD loads: closes every call still recorded in progress (ringing,
     * ivr, queued, connected) and its open legs. Their dialogs and media died with the previous
     * process, so the system ended them: cause `restart`, now. A disposition already recorded
     * (answered: the talk happened) is kept, else `failed`. Queue facts (queue_left_at, the
     * abandoned event) stay the ACD's. Returns the ids closed.
     */
    async closeLeftInProgress(endedAt = new Date()): Promise<string[]> {
      return db.transaction().execute(async (trx) => {
        const closed = await trx.updateTable('calls').set({
          status: 'completed', ended_at: endedAt, hangup_cause: 'restart', hangup_side: 'system',
          // The call record writes the disposition at the end; answered_at says the talk happened.
          disposition: sql<Disposition>`coalesce(disposition, CASE WHEN answered_at IS NOT NULL THEN 'answered' ELSE 'failed' END)`,
          duration_seconds: sql<number>`greatest(0, round(extract(epoch FROM (${endedAt}::timestamptz - started_at))))::int`,
        }).where('status', '<>', 'completed').returning('id').execute();
        const ids = closed.map((r) => r.id);
        if (ids.length > 0) {
          await trx.updateTable('call_legs').set({ ended_at: endedAt, hangup_cause: 'restart' }).where('call_id', 'in', ids).where('ended_at', 'is', null).execute();
        }
        return ids;
      });
    },

    async search(s: CallSearch): Promise<Page<Row<'calls'>>> {
      let q = db.selectFrom('calls').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(s.limit + 1);
      const number = s.number;
      if (number !== undefined) q = q.where((eb) => eb.or([eb('from_number', '=', number), eb('to_number', '=', number)]));
      if (s.direction) q = q.where('direction', '=', s.direction);
      if (s.status) q = q.where('status', '=', s.status);
      if (s.queueId) q = q.where('queue_id', '=', s.queueId);
      if (s.agentId) q = q.where('agent_id', '=', s.agentId);
      if (s.disposition) q = q.where('disposition', '=', s.disposition);
      if (s.minDuration !== undefined) q = q.where('duration_seconds', '>=', s.minDuration);
      if (s.maxDuration !== undefined) q = q.where('duration_seconds', '<=', s.maxDuration);
      for (const condition of recordConditions('calls', 'started_at', s, s.scope)) q = q.where(condition);
      return pageOf(await q.execute(), s.limit, (row) => row.id);
    },
  };
}

export type CallsRepository = ReturnType<typeof callsRepository>;
