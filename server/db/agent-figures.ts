// An agent's figures per interval over a period, from the 15-minute buckets migration 0031's
// triggers keep, plus the state each agent is in now (not in a bucket until it ends).
// Definitions (docs/wallboard.md), in the spirit of Amazon Connect's historical agent metrics:
// - answered: queue calls the agent answered; handled: queue calls the agent finished (hung up
//   or transferred away); transferred: of those, the ones transferred;
// - talk, wrap-up, ringing, available (ready and idle) and not-ready time: time in that state,
//   cut at the interval's edges; not-ready also per reason; logged-in time is their sum;
// - AHT = (talk time of the calls handled + wrap-up time) ÷ calls handled;
// - occupancy = (talk + wrap-up) ÷ (talk + wrap-up + available): Amazon Connect's "agent on
//   contact time" over itself plus "agent idle time"; ringing and not-ready count neither way;
// - dispositions: the wrap-up codes the agent gave calls that started in the interval.
// Hold is not recorded apart: it is in talk time.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './database.types.js';
import { intervalStart, type ReportInterval } from './queue-figures.js';

export interface AgentFigures {
  agent_id: string;
  interval_start: Date;
  answered: number;
  handled: number;
  transferred: number;
  talk_seconds: number;
  wrap_up_seconds: number;
  ringing_seconds: number;
  available_seconds: number;
  not_ready_seconds: number;
  logged_in_seconds: number;
  not_ready_by_reason: Record<string, number>;
  dispositions: Record<string, number>;
  aht_seconds: number | null;
  occupancy: number | null;
}

interface Period { since: Date; until: Date }
interface By { interval: ReportInterval; timeZone: string }

const tenths = (v: unknown): number => Math.round(Number(v ?? 0) * 10) / 10;
const stateSeconds = ['ringing_seconds', 'available_seconds', 'talk_seconds', 'wrap_up_seconds', 'not_ready_seconds'] as const;
const states: Record<(typeof stateSeconds)[number], string> = {
  ringing_seconds: 'ringing', available_seconds: 'available', talk_seconds: 'on-call', wrap_up_seconds: 'wrap-up', not_ready_seconds: 'away',
};

const inList = (column: string, ids: readonly string[] | undefined): RawBuilder<unknown> =>
  ids ? sql`AND ${sql.ref(column)} IN (${sql.join([...ids])})` : sql``;

/**
 * The quarter hours of the state each agent is in now, from its start (or the period's) to now
 * (or the period's end): `open (agent_id, st, reason, interval_start, secs)`.
 */
function openSpans(period: Period, agentIds: readonly string[] | undefined): RawBuilder<unknown> {
  return sql`
    latest AS (
      SELECT l.agent_id, l.state AS st, l.reason, greatest(l.at, ${period.since}::timestamptz) AS s, least(${period.until}::timestamptz, now()) AS e
      FROM agents a CROSS JOIN LATERAL (
        SELECT x.agent_id, x.state, x.reason, x.at FROM agent_state_events x WHERE x.agent_id = a.id ORDER BY x.at DESC, x.id DESC LIMIT 1
      ) l
      WHERE l.state IN ('ringing', 'available', 'on-call', 'wrap-up', 'away') ${inList('a.id', agentIds)}
    ), open AS (
      SELECT agent_id, st, reason, q AS interval_start, extract(epoch from least(e, q + interval '15 minutes') - greatest(s, q)) AS secs
      FROM latest, generate_series(to_timestamp(floor(extract(epoch from s) / 900) * 900), e, interval '15 minutes') q
      WHERE s < e AND q < e AND q >= ${period.since}::timestamptz
    )`;
}

const inPeriod = (period: Period) => sql`interval_start >= ${period.since}::timestamptz AND interval_start < ${period.until}::timestamptz`;

/**
 * Each quarter hour of the period with the start of its interval: `quarters (interval_start,
 * period_start)`, so the time zone's arithmetic is done once a quarter hour, not once a row.
 */
function quarters(period: Period, by: By): RawBuilder<unknown> {
  return sql`quarters AS (
    SELECT b.interval_start, ${intervalStart(by.interval, by.timeZone)} AS period_start
    FROM generate_series(to_timestamp(ceil(extract(epoch from ${period.since}::timestamptz) / 900) * 900), ${period.until}::timestamptz - interval '1 microsecond', interval '15 minutes') AS b (interval_start)
  )`;
}

type Sums = { agent_id: string; period_start: Date; name: string; value: string };

/**
 * The figures per agent and interval over the period (one row per agent and interval with
 * anything recorded), ordered by agent and interval. The period is taken in whole quarter hours.
 */
export async function agentReport(db: Kysely<Database>, period: Period, agentIds: readonly string[] | undefined, by: By): Promise<AgentFigures[]> {
  if (agentIds && agentIds.length === 0) return [];
  // One transaction, for its own memory: a month by day groups some 100,000 buckets, which the
  // default work_mem would sort on disk.
  const [totals, reasons, codes] = await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL work_mem = '32MB'`.execute(trx);
    return [await sql<Record<string, string> & { agent_id: string; period_start: Date }>`
      WITH ${openSpans(period, agentIds)}, ${quarters(period, by)}, x AS (
        SELECT agent_id, interval_start, answered, handled, transferred, handled_talk_seconds, ${sql.raw(stateSeconds.join(', '))}
        FROM agent_intervals WHERE ${inPeriod(period)} ${inList('agent_id', agentIds)}
        UNION ALL
        SELECT agent_id, interval_start, 0, 0, 0, 0, ${sql.raw(stateSeconds.map((c) => `CASE WHEN st = '${states[c]}' THEN secs ELSE 0 END`).join(', '))} FROM open
      )
      SELECT x.agent_id, quarters.period_start, sum(answered) AS answered, sum(handled) AS handled, sum(transferred) AS transferred,
        sum(handled_talk_seconds) AS handled_talk_seconds, ${sql.raw(stateSeconds.map((c) => `sum(${c}) AS ${c}`).join(', '))}
      FROM x JOIN quarters USING (interval_start) GROUP BY 1, 2`.execute(trx),
    await sql<Sums>`
      WITH ${openSpans(period, agentIds)}, ${quarters(period, by)}, x AS (
        SELECT agent_id, interval_start, reason, seconds FROM agent_not_ready_intervals WHERE ${inPeriod(period)} ${inList('agent_id', agentIds)}
        UNION ALL
        SELECT agent_id, interval_start, coalesce(reason, 'unknown'), secs FROM open WHERE st = 'away'
      )
      SELECT x.agent_id, quarters.period_start, reason AS name, sum(seconds) AS value FROM x JOIN quarters USING (interval_start) GROUP BY 1, 2, 3`.execute(trx),
    await sql<Sums>`
      WITH ${quarters(period, by)}
      SELECT d.agent_id, quarters.period_start, code AS name, sum(calls) AS value FROM agent_disposition_intervals d JOIN quarters USING (interval_start)
      WHERE ${inPeriod(period)} ${inList('agent_id', agentIds)} AND calls > 0 GROUP BY 1, 2, 3`.execute(trx)] as const;
  });

  const key = (r: { agent_id: string; period_start: Date }) => `${r.agent_id} ${new Date(r.period_start).getTime()}`;
  const rows = new Map<string, AgentFigures>();
  for (const r of totals.rows) {
    const talk = tenths(r.talk_seconds);
    const wrap = tenths(r.wrap_up_seconds);
    const available = tenths(r.available_seconds);
    const handled = Number(r.handled);
    const seconds = Object.fromEntries(stateSeconds.map((c) => [c, tenths(r[c])])) as Record<(typeof stateSeconds)[number], number>;
    rows.set(key(r), {
      agent_id: r.agent_id, interval_start: new Date(r.period_start),
      answered: Number(r.answered), handled, transferred: Number(r.transferred),
      ...seconds,
      logged_in_seconds: tenths(stateSeconds.reduce((sum, c) => sum + Number(r[c]), 0)),
      not_ready_by_reason: {}, dispositions: {},
      aht_seconds: handled ? tenths((Number(r.handled_talk_seconds) + Number(r.wrap_up_seconds)) / handled) : null,
      occupancy: talk + wrap + available > 0 ? (talk + wrap) / (talk + wrap + available) : null,
    });
  }
  for (const r of reasons.rows) { const row = rows.get(key(r)); if (row) row.not_ready_by_reason[r.name] = tenths(r.value); }
  // A code may fall in an interval with no other figure (the call's start is a quarter hour apart from its talk).
  for (const r of codes.rows) (rows.get(key(r)) ?? newRow(rows, r)).dispositions[r.name] = Number(r.value);
  // Plain comparisons: a week by quarter hours is tens of thousands of rows, too many for localeCompare.
  return [...rows.values()].sort((a, b) => (a.agent_id < b.agent_id ? -1 : a.agent_id > b.agent_id ? 1 : a.interval_start.getTime() - b.interval_start.getTime()));
}

function newRow(rows: Map<string, AgentFigures>, r: { agent_id: string; period_start: Date }): AgentFigures {
  const row: AgentFigures = {
    agent_id: r.agent_id, interval_start: new Date(r.period_start), answered: 0, handled: 0, transferred: 0,
    talk_seconds: 0, wrap_up_seconds: 0, ringing_seconds: 0, available_seconds: 0, not_ready_seconds: 0, logged_in_seconds: 0,
    not_ready_by_reason: {}, dispositions: {}, aht_seconds: null, occupancy: null,
  };
  rows.set(`${r.agent_id} ${row.interval_start.getTime()}`, row);
  return row;
}
