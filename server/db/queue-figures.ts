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

/**
 * The start of a bucket's interval in the time zone's wall clock (weeks start on Monday). The
 * buckets (`b`) are UTC quarter hours, and every zone is a whole number of quarter hours off UTC.
 */
export function intervalStart(interval: ReportInterval, timeZone: string) {
  if (interval === '15m') return sql<Date>`b.interval_start`;
  return sql<Date>`date_trunc(${interval}, b.interval_start at time zone ${timeZone}) at time zone ${timeZone}`;
}

/**
 * The figures per queue and interval over the period, from the 15-minute buckets that
 * migration 0030's trigger keeps (one row per queue and interval that had events). The period
 * is taken in whole quarter hours.
 */
export async function queueReport(
  db: Kysely<Database>, period: { since: Date; until: Date }, queueIds: readonly string[] | undefined, by: { interval: ReportInterval; timeZone: string },
): Promise<(QueueFigures & { interval_start: Date })[]> {
  if (queueIds && queueIds.length === 0) return [];
  const start = intervalStart(by.interval, by.timeZone);
  let query = db.selectFrom('queue_intervals as b')
    .where('b.interval_start', '>=', period.since).where('b.interval_start', '<', period.until)
    .select([
      'b.queue_id', start.as('period_start'),
      sql<string>`sum(b.offered)`.as('offered'), sql<string>`sum(b.answered)`.as('answered'), sql<string>`sum(b.answered_within_target)`.as('within'),
      sql<string>`sum(b.abandoned)`.as('abandoned'), sql<string>`sum(b.short_abandoned)`.as('short'), sql<string>`sum(b.overflowed)`.as('overflowed'),
      sql<string>`sum(b.transferred)`.as('transferred'),
      sql<string | null>`sum(b.wait_seconds_answered) / nullif(sum(b.answered), 0)`.as('asa'),
      sql<string | null>`sum(b.talk_seconds) / nullif(sum(b.finished), 0)`.as('aht'),
    ])
    // Grouped by the output name (not a column's, which would win): the time zone is a
    // parameter, so the expression written twice would be two expressions.
    .groupBy(['b.queue_id', sql`period_start`]).orderBy('b.queue_id').orderBy('period_start');
  if (queueIds) query = query.where('b.queue_id', 'in', [...queueIds]);
  return (await query.execute()).map((r) => ({ ...figuresOf(r), interval_start: new Date(r.period_start) }));
}

/** The figures of each queue over the period, from its events (the wallboard's recent periods). */
export async function queueFigures(db: Kysely<Database>, period: { since: Date; until: Date }, queueIds?: readonly string[]): Promise<QueueFigures[]> {
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
  return (await query.execute()).map(figuresOf);
}

interface Counts {
  queue_id: string; offered: unknown; answered: unknown; within: unknown; abandoned: unknown; short: unknown;
  overflowed: unknown; transferred: unknown; asa: unknown; aht: unknown;
}

/** The definitions above, from the counts either source gives. */
function figuresOf(r: Counts): QueueFigures {
  const answered = n(r.answered);
  const abandoned = n(r.abandoned);
  const handled = answered + abandoned + n(r.overflowed);
  const within = n(r.within);
  return {
    queue_id: r.queue_id, offered: n(r.offered), answered, answered_within_target: within, abandoned, short_abandoned: n(r.short), overflowed: n(r.overflowed), transferred: n(r.transferred),
    service_level: handled ? within / handled : null, abandon_rate: handled ? abandoned / handled : null,
    asa_seconds: mean(r.asa), aht_seconds: mean(r.aht),
  };
}
