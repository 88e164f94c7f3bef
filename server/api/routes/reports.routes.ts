// /api/reports/queues and /api/reports/agents — the figures of docs/wallboard.md per queue or
// agent and interval (15 minutes, hour, day, week, in a time zone's wall clock) over a chosen
// period, as JSON or CSV. Supervisors get their queues and those queues' member agents; admins
// all. Fast on a year of history: they are sums of the 15-minute buckets migrations 0030 and
// 0031 keep (bench:reports measures it).
import type { Response } from 'express';
import type { ApiContext } from '../api-context.js';
import type { Auth } from '../http/auth.js';
import { badRequest } from '../http/api-error.js';
import { queueReport, reportIntervals, type ReportInterval } from '../../db/queue-figures.js';
import { agentReport } from '../../db/agent-figures.js';
import { timeZone, uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';
import type { Repositories } from '../../db/repositories.js';
import { figures } from './wallboard.routes.js';

const DAY_MS = 86_400_000;
/** Longest period per interval: enough for a year by week or day, a month by 15 minutes. */
const maxDays = { '15m': 31, hour: 92, day: 400, week: 400 } as const;

const periodQuery = {
  since: s.dateTime(), until: s.dateTime(),
  interval: s.enum(reportIntervals).optional().describe('15m, hour, day (default) or week'),
  time_zone: timeZone().optional().describe('whose wall clock the intervals follow; UTC by default'),
  format: s.enum(['json', 'csv'] as const).optional(),
};
const queueQuery = s.object({ ...periodQuery, queue_id: uuid().optional() });
const agentQuery = s.object({
  ...periodQuery,
  agent_id: uuid().optional(),
  queue_id: uuid().optional().describe('only the agents who are members of this queue (their whole figures)'),
});
const queueRow = figures.extend({ queue_id: s.string(), queue: s.string(), interval_start: s.dateTime() });
const seconds = s.number();
const agentRow = s.object({
  agent_id: s.string(), agent: s.string(), interval_start: s.dateTime(),
  answered: s.integer(), handled: s.integer(), transferred: s.integer(),
  talk_seconds: seconds, wrap_up_seconds: seconds, ringing_seconds: seconds, available_seconds: seconds, not_ready_seconds: seconds, logged_in_seconds: seconds,
  not_ready_by_reason: s.record(seconds).describe('not-ready seconds per reason'),
  dispositions: s.record(s.integer()).describe('calls per wrap-up code'),
  aht_seconds: s.number().nullable(), occupancy: s.number().nullable(),
});

const queueColumns = ['queue', 'interval_start', 'offered', 'answered', 'answered_within_target', 'abandoned', 'short_abandoned', 'overflowed', 'transferred', 'service_level', 'abandon_rate', 'asa_seconds', 'aht_seconds'] as const;
const agentColumns = ['agent', 'interval_start', 'answered', 'handled', 'transferred', 'talk_seconds', 'wrap_up_seconds', 'aht_seconds', 'ringing_seconds', 'available_seconds', 'not_ready_seconds', 'logged_in_seconds', 'occupancy'] as const;

/** The interval, after checking the period fits it. */
function checkedInterval(query: { since: Date; until: Date; interval?: ReportInterval | undefined }): ReportInterval {
  const interval = query.interval ?? 'day';
  const days = (query.until.getTime() - query.since.getTime()) / DAY_MS;
  if (days <= 0) throw badRequest([{ path: 'query.until', message: 'must be after since' }]);
  if (days > maxDays[interval]) throw badRequest([{ path: 'query.since', message: `a ${interval} report covers at most ${maxDays[interval]} days` }]);
  return interval;
}

const cell = (v: unknown) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

function sendCsv(res: Response, file: string, header: readonly string[], lines: unknown[][]): void {
  res.type('text/csv').attachment(file);
  res.send([header.map(cell).join(','), ...lines.map((line) => line.map(cell).join(','))].join('\n') + '\n');
}

/** The agents the caller may report on, narrowed to the query's agent or queue; undefined: all. */
async function agentScope(auth: Auth, repos: Repositories, query: { agent_id?: string | undefined; queue_id?: string | undefined }): Promise<string[] | undefined> {
  const scope = await auth.scope();
  let queueIds = query.queue_id ? [query.queue_id] : undefined;
  if (scope.queueIds) queueIds = (queueIds ?? scope.queueIds).filter((id) => scope.queueIds?.includes(id));
  let ids = queueIds && [...new Set((await Promise.all(queueIds.map((id) => repos.queues.listMembers(id)))).flat().map((m) => m.agent_id))];
  if (query.agent_id) ids = (ids ?? [query.agent_id]).filter((id) => id === query.agent_id);
  return ids;
}

export function reportsRoutes({ routes, db, repos }: ApiContext): void {
  routes.add(['admin', 'supervisor'], {
    method: 'get', path: '/reports/queues', tag: 'reports', summary: 'Queue figures per interval over a period (JSON, or CSV with format=csv)',
    query: queueQuery, response: s.object({ items: s.array(queueRow) }),
  }, async ({ query, auth, res }) => {
    const interval = checkedInterval(query);
    const scope = await auth.scope();
    let ids = query.queue_id ? [query.queue_id] : undefined;
    if (scope.queueIds) ids = (ids ?? scope.queueIds).filter((id) => scope.queueIds?.includes(id));
    const names = new Map((await repos.queues.list({ limit: 500 })).items.map((q) => [q.id, q.name]));
    const rows = await queueReport(db, { since: query.since, until: query.until }, ids, { interval, timeZone: query.time_zone ?? 'UTC' });
    const items = rows.map((r) => ({ ...r, queue: names.get(r.queue_id) ?? '', interval_start: r.interval_start.toISOString() }));
    if (query.format !== 'csv') return { items };
    sendCsv(res, `queues-${interval}.csv`, queueColumns, items.map((i) => queueColumns.map((c) => i[c])));
    return undefined;
  });

  routes.add(['admin', 'supervisor'], {
    method: 'get', path: '/reports/agents', tag: 'reports',
    summary: 'Agent figures per interval over a period: calls, talk, wrap-up, AHT, ready, not-ready by reason, logged-in, occupancy, dispositions (JSON, or CSV with format=csv)',
    query: agentQuery, response: s.object({ items: s.array(agentRow) }),
  }, async ({ query, auth, res }) => {
    const interval = checkedInterval(query);
    const ids = await agentScope(auth, repos, query);
    const names = new Map((await repos.agents.list({ limit: 500 })).items.map((a) => [a.id, a.name]));
    const rows = await agentReport(db, { since: query.since, until: query.until }, ids, { interval, timeZone: query.time_zone ?? 'UTC' });
    // By name (the rows come by agent and interval; the sort keeps that order within an agent).
    const items = rows.map((r) => ({ ...r, agent: names.get(r.agent_id) ?? '', interval_start: r.interval_start.toISOString() })).sort((a, b) => (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0));
    if (query.format !== 'csv') return { items };
    // One column per not-ready reason and per wrap-up code that the report has.
    const reasons = [...new Set(items.flatMap((i) => Object.keys(i.not_ready_by_reason)))].sort();
    const codes = [...new Set(items.flatMap((i) => Object.keys(i.dispositions)))].sort();
    sendCsv(res, `agents-${interval}.csv`, [...agentColumns, ...reasons.map((r) => `not_ready:${r}`), ...codes.map((c) => `disposition:${c}`)],
      items.map((i) => [...agentColumns.map((c) => i[c]), ...reasons.map((r) => i.not_ready_by_reason[r] ?? 0), ...codes.map((c) => i.dispositions[c] ?? 0)]));
    return undefined;
  });
}
