// What the reports view shows of GET /api/reports/queues and /api/reports/agents: the figures
// (docs/wallboard.md) as columns, how each reads (a count, seconds as h:mm:ss, a ratio as a
// percentage), and the request for a choice of report, period and interval.
import type { Json } from '../api.js';

export type ReportKind = 'queues' | 'agents';
export const reportIntervals = ['15m', 'hour', 'day', 'week'] as const;
export type ReportInterval = (typeof reportIntervals)[number];

type Unit = 'count' | 'seconds' | 'ratio';
/**
 * `per`: one value per reason or code (not-ready by reason, dispositions). `average`: a mean,
 * none for an interval without calls (counts and seconds are 0 there).
 */
export interface Figure { key: string; label: string; unit: Unit; per?: true; average?: true }

export const figuresOf: Record<ReportKind, Figure[]> = {
  queues: [
    { key: 'offered', label: 'Offered', unit: 'count' },
    { key: 'answered', label: 'Answered', unit: 'count' },
    { key: 'answered_within_target', label: 'Within target', unit: 'count' },
    { key: 'abandoned', label: 'Abandoned', unit: 'count' },
    { key: 'short_abandoned', label: 'Short abandoned', unit: 'count' },
    { key: 'overflowed', label: 'Overflowed', unit: 'count' },
    { key: 'transferred', label: 'Transferred', unit: 'count' },
    { key: 'service_level', label: 'Service level', unit: 'ratio' },
    { key: 'abandon_rate', label: 'Abandon rate', unit: 'ratio' },
    { key: 'asa_seconds', label: 'ASA', unit: 'seconds', average: true },
    { key: 'aht_seconds', label: 'AHT', unit: 'seconds', average: true },
  ],
  agents: [
    { key: 'answered', label: 'Answered', unit: 'count' },
    { key: 'handled', label: 'Handled', unit: 'count' },
    { key: 'transferred', label: 'Transferred', unit: 'count' },
    { key: 'talk_seconds', label: 'Talk', unit: 'seconds' },
    { key: 'wrap_up_seconds', label: 'Wrap-up', unit: 'seconds' },
    { key: 'aht_seconds', label: 'AHT', unit: 'seconds', average: true },
    { key: 'available_seconds', label: 'Available', unit: 'seconds' },
    { key: 'not_ready_seconds', label: 'Not ready', unit: 'seconds' },
    { key: 'logged_in_seconds', label: 'Logged in', unit: 'seconds' },
    { key: 'occupancy', label: 'Occupancy', unit: 'ratio' },
    { key: 'not_ready_by_reason', label: 'Not ready by reason', unit: 'seconds', per: true },
    { key: 'dispositions', label: 'Dispositions', unit: 'count', per: true },
  ],
};

/** Whom a row is of: the queue's or the agent's id and name. */
export const subjectOf = (kind: ReportKind, row: Json): { id: string; name: string } =>
  kind === 'queues' ? { id: String(row.queue_id), name: String(row.queue) } : { id: String(row.agent_id), name: String(row.agent) };

const clock = (seconds: number): string => {
  const s = Math.round(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
};

/** A figure as the table shows it; '—' for none (a rate of nothing handled, no reason). */
export function shown(figure: Figure, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (figure.per) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return entries.length ? entries.map(([k, v]) => `${k} ${one(figure.unit, v)}`).join(', ') : '—';
  }
  return one(figure.unit, value);
}

function one(unit: Unit, value: unknown): string {
  const n = Number(value);
  if (unit === 'seconds') return clock(n);
  if (unit === 'ratio') return `${(n * 100).toFixed(1)}%`;
  return String(n);
}

/**
 * The instant a calendar date (YYYY-MM-DD) starts in a time zone: the UTC midnight moved by the
 * zone's offset there (found from the zone's wall clock at that moment, twice for a DST edge).
 */
export function startOfDate(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const utc = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  const wall = (t: number): number => {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(t)).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  };
  let t = utc - (wall(utc) - utc);
  t = utc - (wall(t) - t);
  return new Date(t);
}

/** The day after a calendar date, as a date. */
export const nextDate = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export interface ReportChoice {
  kind: ReportKind;
  /** First and last calendar day, both included. */
  from: string;
  to: string;
  interval: ReportInterval;
  timeZone: string;
  /** A queue or agent id; '' for all. */
  subject: string;
}

const intervalSeconds: Record<ReportInterval, number> = { '15m': 900, hour: 3600, day: 86_400, week: 7 * 86_400 };

/** The first and (about) the last interval start of the period, in seconds: the chart's time axis. */
export function periodRange(c: ReportChoice): [number, number] {
  const since = startOfDate(c.from, c.timeZone).getTime() / 1000;
  return [since, Math.max(since, startOfDate(nextDate(c.to), c.timeZone).getTime() / 1000 - intervalSeconds[c.interval])];
}

/** The API path of the report (JSON; CSV with `csv`). */
export function reportPath(c: ReportChoice, csv = false): string {
  const q = new URLSearchParams({
    since: startOfDate(c.from, c.timeZone).toISOString(), until: startOfDate(nextDate(c.to), c.timeZone).toISOString(),
    interval: c.interval, time_zone: c.timeZone,
  });
  if (c.subject) q.set(c.kind === 'queues' ? 'queue_id' : 'agent_id', c.subject);
  if (csv) q.set('format', 'csv');
  return `/reports/${c.kind}?${q.toString()}`;
}

/** An interval's start as the time zone's wall clock, 2026-11-23 09:15. */
export function intervalLabel(iso: string, timeZone: string, interval: ReportInterval): string {
  const parts = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', ...(interval === '15m' || interval === 'hour' ? { hour: '2-digit', minute: '2-digit' } : {}) });
  return parts.format(new Date(iso));
}
