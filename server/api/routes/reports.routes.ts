// /api/reports/queues — the wallboard's figures (docs/wallboard.md) per queue and interval
// (15 minutes, hour, day, week, in a time zone's wall clock) over a chosen period, as JSON or
// CSV. Supervisors get their queues; admins all. Fast on a year of history: they are sums of
// the 15-minute buckets migration 0030 keeps (bench:reports measures it).
import type { ApiContext } from '../api-context.js';
import { badRequest } from '../http/api-error.js';
import { queueReport, reportIntervals } from '../../db/queue-figures.js';
import { timeZone, uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';
import { figures } from './wallboard.routes.js';

const DAY_MS = 86_400_000;
/** Longest period per interval: enough for a year by week or day, a month by 15 minutes. */
const maxDays = { '15m': 31, hour: 92, day: 400, week: 400 } as const;

const reportQuery = s.object({
  since: s.dateTime(), until: s.dateTime(),
  interval: s.enum(reportIntervals).optional().describe('15m, hour, day (default) or week'),
  time_zone: timeZone().optional().describe('whose wall clock the intervals follow; UTC by default'),
  queue_id: uuid().optional(),
  format: s.enum(['json', 'csv'] as const).optional(),
});
const rowView = figures.extend({ queue_id: s.string(), queue: s.string(), interval_start: s.dateTime() });

const csvColumns = ['queue', 'interval_start', 'offered', 'answered', 'answered_within_target', 'abandoned', 'short_abandoned', 'overflowed', 'transferred', 'service_level', 'abandon_rate', 'asa_seconds', 'aht_seconds'] as const;

export function reportsRoutes({ routes, db, repos }: ApiContext): void {
  routes.add(['admin', 'supervisor'], {
    method: 'get', path: '/reports/queues', tag: 'reports', summary: 'Queue figures per interval over a period (JSON, or CSV with format=csv)',
    query: reportQuery, response: s.object({ items: s.array(rowView) }),
  }, async ({ query, auth, res }) => {
    const interval = query.interval ?? 'day';
    const days = (query.until.getTime() - query.since.getTime()) / DAY_MS;
    if (days <= 0) throw badRequest([{ path: 'query.until', message: 'must be after since' }]);
    if (days > maxDays[interval]) throw badRequest([{ path: 'query.since', message: `a ${interval} report covers at most ${maxDays[interval]} days` }]);
    const scope = await auth.scope();
    let ids = query.queue_id ? [query.queue_id] : undefined;
    if (scope.queueIds) ids = (ids ?? scope.queueIds).filter((id) => scope.queueIds?.includes(id));
    const names = new Map((await repos.queues.list({ limit: 500 })).items.map((q) => [q.id, q.name]));
    const rows = await queueReport(db, { since: query.since, until: query.until }, ids, { interval, timeZone: query.time_zone ?? 'UTC' });
    const items = rows.map((r) => ({ ...r, queue: names.get(r.queue_id) ?? '', interval_start: r.interval_start.toISOString() }));
    if (query.format !== 'csv') return { items };
    res.type('text/csv').attachment(`queues-${interval}.csv`);
    const cell = (v: unknown) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
    res.send([csvColumns.join(','), ...items.map((i) => csvColumns.map((c) => cell(i[c])).join(','))].join('\n') + '\n');
    return undefined;
  });
}
