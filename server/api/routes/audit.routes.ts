// /api/audit — the audit log (http/audit-log.ts): every change made through the API, newest
// first, filtered by resource, actor, action and time, in keyset pages. Admins only: entries
// name who did what (and, later, who listened in on whom).
import type { ApiContext } from '../api-context.js';
import type { Row } from '../../db/database.types.js';
import { badRequest } from '../http/api-error.js';
import { pageSchema } from '../http/crud-routes.js';
import { uuid } from '../validation/fields.js';
import { s, validate } from '../../validation/schema.js';

const word = (what: string) => s.string({ pattern: /^[a-z0-9.-]{1,64}$/, patternMessage: 'must be lower-case letters, digits, . or -' }).optional().describe(what);

const auditQuery = s.object({
  resource: word("a resource type: 'trunk', 'queue', 'webhook', …"),
  resource_id: s.string({ minLength: 1, maxLength: 200 }).optional(),
  actor: s.string({ minLength: 1, maxLength: 64 }).optional().describe('a user id or a username'),
  action: word("'create', 'update', 'delete' or a verb such as 'revoke', 'member.add'"),
  since: s.dateTime().optional().describe('entries at or after'),
  until: s.dateTime().optional().describe('entries before'),
  limit: s.integer({ min: 1, max: 500 }).optional().describe('page size, 50 by default'),
  after: s.string({ pattern: /^\d{1,19}$/, patternMessage: 'must be the `next` of a previous page' }).optional().describe('the `next` of the previous page'),
});

const snapshot = () => s.object({}, { open: true }).nullable().describe('the resource as the API showed it, without secrets');
const entryView = s.object({
  id: s.string(),
  at: s.dateTime(),
  actor: s.object({ id: uuid(), username: s.string(), role: s.enum(['admin', 'supervisor', 'agent'] as const) }).nullable().describe('null: the server itself'),
  action: s.string(),
  resource_type: s.string(),
  resource_id: s.string().nullable(),
  route: s.string().nullable().describe("method and path template: 'PATCH /api/trunks/:id'"),
  address: s.string().nullable().describe('the client address'),
  changed: s.array(s.string()).nullable().describe('the fields the request set (names only)'),
  before: snapshot(),
  after: snapshot(),
});

const isUuid = (value: string) => validate(uuid(), value).ok;

function show(row: Row<'audit_log'>) {
  const { actor_id, actor_username, actor_role, ...entry } = row;
  return { ...entry, actor: actor_id && actor_username && actor_role ? { id: actor_id, username: actor_username, role: actor_role } : null };
}

export function auditRoutes({ routes, repos }: ApiContext): void {
  routes.add(['admin'], { method: 'get', path: '/audit', tag: 'audit', summary: 'The audit log: changes made through the API, newest first', query: auditQuery, response: pageSchema(entryView) }, async ({ query }) => {
    if (query.since && query.until && query.since >= query.until) throw badRequest([{ path: 'query.until', message: 'must be after since' }]);
    const actor = query.actor === undefined ? {} : isUuid(query.actor) ? { actorId: query.actor } : { actorUsername: query.actor };
    const page = await repos.auditLog.search({
      ...actor, resourceType: query.resource, resourceId: query.resource_id, action: query.action,
      since: query.since, until: query.until, limit: query.limit ?? 50, after: query.after,
    });
    return { items: page.items.map(show), next: page.next };
  });
}
