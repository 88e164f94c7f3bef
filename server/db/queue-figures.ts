// A queue's figures over a period, from the ACD's queue events (call_events), as the wallboard
// and the API show them. Definitions (docs/wallboard.md), in the spirit of Amazon Connect's
// real-time metrics and Asterisk's queue statistics:
// - offered: calls that entered the queue in the period;
// - answered / abandoned / overflowed: calls that left the queue that way in the period;
//   a short abandon (waited less than the short-abandon threshold) is counted apart and left
//   out of the rates, as a caller who hung up at once never really waited;
// - handled = answered + abandoned (not short) + overflowed: every call that finished waiting;
// - service level = answered within the queue's target ÷ handled (null when nothing was handled);
// - abandon rate = abandoned (not short) ÷ handled;
// - ASA = mean wait of the answered; AHT = mean talk time (answer to the agent's hang-up or
//   transfer, hold included) of the calls agents finished in the period; after-call work is
//   not in it.
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.types.js';

export const SHORT_ABANDON_SECONDS = 5;

export interface QueueFigures {
  queue_id: string;
  offered: number;
  answered: number;
  answered_within_target: number;
  abandoned: number;
  short_abandoned: number;
  overflowed: number;
  /** Calls agents transferred away in the period. */
  transferred: number;
  service_level: number | null;
  abandon_rate: number | null;
  asa_seconds: number | null;
  aht_seconds: number | null;
}

const n = (v: unknown): number => Number(v ?? 0);
const mean = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

export const reportIntervals = ['15m', 'hour', 'day', 'week'] as const;
export type ReportInterval = (typeof reportIntervals)[number];

/** The start of an event's interval, in the time zone's wall clock (weeks start on Monday). */
function intervalStart(interval: ReportInterval, timeZone: string) {
  const local = sql`(e.at at time zone ${timeZone})`;
  const start = interval === '15m'
    ? sql`date_trunc('hour', ${local}) + floor(extract(minute from ${local}) / 15) * interval '15 minutes'`
    : sql`date_trunc(${interval}, ${local})`;
  return sql<Date>`(${start}) at time zone ${timeZone}`;
}

/** The figures of each queue over the period; with `interval`, one row per queue and interval that had events. */
export async function queueFigures(
  db: Kysely<Database>, period: { since: Date; until: Date }, queueIds?: readonly string[], by?: { interval: ReportInterval; timeZone: string },
): Promise<(QueueFigures & { interval_start?: Date })[]> {
  if (queueIds && queueIds.length === 0) return [];
  const wait = sql<number>`(e.data->>'waitSeconds')::numeric`;
  const talk = sql<number>`(e.data->>'talkSeconds')::numeric`;
  let query = db.selectFrom('queues as q')
    .leftJoin('call_events as e', (j) => j.onRef('e.queue_id', '=', 'q.id').on('e.at', '>=', period.since).on('e.at', '<', period.until)
      .on('e.event', 'in', ['entered', 'answered', 'abandoned', 'overflowed', 'completed', 'transferred']))
    .select([
      'q.id as queue_id',
      sql<string>`count(*) filter (where e.event = 'entered')`.as('offered'),
      sql<string>`count(*) filter (where e.event = 'answered')`.as('answered'),
      sql<string>`count(*) filter (where e.event = 'answered' and ${wait} <= q.service_level_seconds)`.as('within'),
      sql<string>`count(*) filter (where e.event = 'abandoned' and coalesce(${wait}, 0) >= ${SHORT_ABANDON_SECONDS})`.as('abandoned'),
      sql<string>`count(*) filter (where e.event = 'abandoned' and coalesce(${wait}, 0) < ${SHORT_ABANDON_SECONDS})`.as('short'),
      sql<string>`count(*) filter (where e.event = 'overflowed')`.as('overflowed'),
      sql<string>`count(*) filter (where e.event = 'transferred')`.as('transferred'),
      sql<string | null>`avg(${wait}) filter (where e.event = 'answered')`.as('asa'),
      sql<string | null>`avg(${talk}) filter (where e.event in ('completed', 'transferred'))`.as('aht'),
    ])
    .groupBy('q.id');
  if (queueIds) query = query.where('q.id', 'in', [...queueIds]);
  const bucket = by ? intervalStart(by.interval, by.timeZone) : undefined;
  // Per interval: only the intervals that had events (an inner join), ordered by queue and time.
  const rows = bucket
    // Grouped by the output name: the time zone is a parameter, so the expression written twice would be two expressions.
    ? await query.select(bucket.as('interval_start')).groupBy(sql`interval_start`).where('e.id', 'is not', null).orderBy('q.id').orderBy('interval_start').execute()
    : await query.execute();
  return rows.map((r) => {
    const answered = n(r.answered);
    const abandoned = n(r.abandoned);
    const handled = answered + abandoned + n(r.overflowed);
    const within = n(r.within);
    return {
      ...('interval_start' in r ? { interval_start: new Date(r.interval_start as Date) } : {}),
      queue_id: r.queue_id, offered: n(r.offered), answered, answered_within_target: within, abandoned, short_abandoned: n(r.short), overflowed: n(r.overflowed), transferred: n(r.transferred),
      service_level: handled ? within / handled : null, abandon_rate: handled ? abandoned / handled : null,
      asa_seconds: mean(r.asa), aht_seconds: mean(r.aht),
    };
  });
}
