// /api/calls — call records: search (filters, newest first, keyset pages), one call with
// its legs, queue events and recordings, and a CSV export streamed page by page so that a
// large export never sits in memory.
import type { Response } from 'express';
import type { ApiContext } from '../api-context.js';
import type { CallSearch } from '../../db/calls.repository.js';
import type { CallStatus, Row } from '../../db/database.types.js';
import { forbidden, notFound } from '../http/api-error.js';
import type { Auth } from '../http/auth.js';
import { idParams, pageSchema } from '../http/crud-routes.js';
import { phoneNumber, uuid } from '../validation/fields.js';
import { s, type ObjectOf } from '../../validation/schema.js';
import { checkedScope, mayReadCall } from '../http/call-access.js';

export const directions = ['inbound', 'outbound', 'internal'] as const;
const statuses = ['ringing', 'ivr', 'queued', 'connected', 'completed'] as const satisfies readonly CallStatus[];
export const dispositions = ['answered', 'abandoned', 'no-answer', 'busy', 'failed', 'voicemail', 'callback', 'overflow', 'closed', 'no-agent', 'ivr-ended'] as const;

const filters = {
  since: s.dateTime().optional().describe('calls started at or after'),
  until: s.dateTime().optional().describe('calls started before'),
  number: phoneNumber().optional().describe('caller or called number'),
  direction: s.enum(directions).optional(),
  status: s.enum(statuses).optional().describe('connected: the calls in progress with an agent (what a supervisor may monitor)'),
  queue_id: uuid().optional(),
  agent_id: uuid().optional(),
  disposition: s.enum(dispositions).optional(),
  min_duration: s.integer({ min: 0, max: 10_000_000 }).optional().describe('seconds'),
  max_duration: s.integer({ min: 0, max: 10_000_000 }).optional().describe('seconds'),
};

type Filters = ObjectOf<typeof filters>;

const rangeIssues = (q: Filters) => [
  ...(q.since && q.until && q.since >= q.until ? [{ path: 'until', message: 'must be after since' }] : []),
  ...(q.min_duration !== undefined && q.max_duration !== undefined && q.min_duration > q.max_duration ? [{ path: 'max_duration', message: 'must not be below min_duration' }] : []),
];

const searchQuery = s.object({
  ...filters,
  limit: s.integer({ min: 1, max: 500 }).optional(),
  after: uuid().optional().describe('the `next` of the previous page'),
}).refine(rangeIssues);
const exportQuery = s.object(filters).refine(rangeIssues);

const time = () => s.dateTime().nullable();
export const callView = s.object({
  id: uuid(), direction: s.enum(directions), status: s.string(), from_number: s.string(), to_number: s.string(),
  trunk_id: uuid().nullable(), number_id: uuid().nullable(), ivr_path: s.array(s.string()), queue_id: uuid().nullable(), agent_id: uuid().nullable(),
  started_at: s.dateTime(), answered_at: time(), queue_entered_at: time(), queue_left_at: time(), ended_at: time(),
  duration_seconds: s.integer().nullable(), hangup_cause: s.string().nullable(), hangup_side: s.string().nullable(), disposition: s.enum(dispositions).nullable(),
  variables: s.record(s.string()).describe('IVR variables (set, gather): the screen-pop data the agent was sent'),
  wrap_up_code: s.string().nullable().describe('the agent\'s disposition code (POST /calls/{id}/wrap-up)'),
  notes: s.string().nullable(),
  survey_answers: s.array(s.object({ question: s.string(), answer: s.integer().nullable() })).nullable().describe('the post-call survey, when the queue has one: each question and the 1–5 pressed (null: none)'),
});

async function toSearch(q: Filters, auth: Auth): Promise<Omit<CallSearch, 'limit'>> {
  return {
    since: q.since, until: q.until, number: q.number, direction: q.direction, status: q.status, queueId: q.queue_id, agentId: q.agent_id,
    disposition: q.disposition, minDuration: q.min_duration, maxDuration: q.max_duration,
    scope: await checkedScope(auth, { queueId: q.queue_id, agentId: q.agent_id }),
  };
}

const csvColumns = Object.keys(callView.shape) as (keyof Row<'calls'>)[];

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A leading = or @ would be a formula to a spreadsheet; a quote mark defuses it.
  const safe = /^[=@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Writes with backpressure; resolves early when the client has gone away. */
async function write(res: Response, chunk: string): Promise<void> {
  if (res.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => { res.off('drain', done); res.off('close', done); resolve(); };
    res.on('drain', done);
    res.on('close', done);
  });
}

export function callsRoutes({ routes, repos }: ApiContext): void {
  const tag = 'calls';
  const everyone = ['admin', 'supervisor', 'agent'] as const;

  routes.add([...everyone], { method: 'get', path: '/calls', tag, summary: 'Search calls, newest first', query: searchQuery, response: pageSchema(callView) }, async ({ query, auth }) => {
    return repos.calls.search({ ...(await toSearch(query, auth)), limit: query.limit ?? 50, after: query.after });
  });

  routes.add([...everyone], { method: 'get', path: '/calls/export.csv', tag, summary: 'Export the calls of a search as CSV', query: exportQuery, produces: 'text/csv' }, async ({ query, auth, res }) => {
    const search = await toSearch(query, auth);
    res.status(200).type('text/csv').attachment('calls.csv');
    await write(res, `${csvColumns.join(',')}\n`);
    let after: string | undefined;
    do {
      const page = await repos.calls.search({ ...search, limit: 1000, after });
      await write(res, page.items.map((call) => `${csvColumns.map((c) => csvCell(call[c])).join(',')}\n`).join(''));
      after = page.next ?? undefined;
    } while (after && !res.destroyed);
    res.end();
  });

  routes.add([...everyone], { method: 'get', path: '/calls/:id', tag, summary: 'One call with its legs, queue events and recordings', params: idParams }, async ({ params, auth }) => {
    const call = await repos.calls.get(params.id);
    if (!call) throw notFound('call');
    if (!(await mayReadCall(auth, call))) throw forbidden('you may not see this call');
    const [legs, events, recordings] = await Promise.all([
      repos.calls.legs(call.id),
      repos.callEvents.search({ callId: call.id, limit: 500 }),
      repos.recordings.forCall(call.id),
    ]);
    return { ...call, legs, events: events.items, recordings };
  });
}
