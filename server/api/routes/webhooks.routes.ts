// /api/webhooks — an admin's endpoints for the live events (docs/events.md): create one (the
// signing secret is in the 201 answer only), list, delete, and read its delivery log. A new
// webhook gets the events from its creation on; deliveries are server/api/events/webhook-delivery.ts.
import type { ApiContext } from '../api-context.js';
import { ApiError, notFound } from '../http/api-error.js';
import { omitKeys } from '../http/audit-log.js';
import { uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';
import { liveEventTypes } from '../../db/database.types.js';

const url = s.string({ minLength: 8, maxLength: 2000 }).refine((value) => {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return [{ path: '', message: 'is not a URL' }];
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return [{ path: '', message: 'must be http or https' }];
  if (parsed.username || parsed.password) return [{ path: '', message: 'must not carry credentials: the signature authenticates us' }];
  return undefined;
});
const view = s.object({
  id: uuid(), url: s.string(), events: s.array(s.enum(liveEventTypes)), enabled: s.boolean(), cursor: s.string(),
  created_at: s.dateTime(), updated_at: s.dateTime(),
});
const delivery = s.object({
  id: s.string(), webhook_id: uuid(), event_id: s.string(), event_type: s.enum(liveEventTypes), attempt: s.integer(),
  status: s.integer().nullable(), error: s.string().nullable(), at: s.dateTime(),
});
const idParams = s.object({ id: uuid() });

export function webhooksRoutes({ routes, repos, webhooks }: ApiContext): void {
  const tag = 'webhooks';
  const workers = () => {
    if (!webhooks) throw new ApiError(503, 'webhooks are not available (no event hub in this process)');
    return webhooks;
  };
  routes.add(['admin'], {
    method: 'post', path: '/webhooks', tag, status: 201, summary: 'A URL that gets the live events as signed POSTs (the secret is shown this once)',
    body: s.object({ url, events: s.array(s.enum(liveEventTypes), { minItems: 1, maxItems: liveEventTypes.length }).optional().describe('default: all') }),
    response: s.object({ ...view.shape, secret: s.string().describe('HMAC-SHA256 key of X-Switchboard-Signature; not shown again') }),
    audit: { resource: 'webhook', after: (_input, result) => omitKeys(result, 'secret') },
  }, async ({ body }) => {
    const control = workers();
    const { hook, secret } = await repos.webhooks.create({ url: body.url, events: [...new Set(body.events ?? liveEventTypes)], cursor: await repos.liveEvents.latestId() });
    control.added(hook);
    return { ...hook, secret };
  });
  routes.add(['admin'], { method: 'get', path: '/webhooks', tag, summary: 'The webhooks (without their secrets)', response: s.object({ items: s.array(view) }) },
    async () => ({ items: await repos.webhooks.list() }));
  routes.add(['admin'], { method: 'delete', path: '/webhooks/:id', tag, summary: 'Stop and remove a webhook', params: idParams, response: s.object({ id: uuid(), deleted: s.boolean() }),
    audit: { resource: 'webhook', before: async ({ params }) => (await repos.webhooks.get(params.id)) ?? null } }, async ({ params }) => {
    if (!(await repos.webhooks.remove(params.id))) throw notFound('webhook');
    workers().removed(params.id);
    return { id: params.id, deleted: true };
  });
  routes.add(['admin'], { method: 'get', path: '/webhooks/:id/deliveries', tag, summary: 'Delivery attempts, newest first', params: idParams, response: s.object({ items: s.array(delivery) }) }, async ({ params }) => {
    if (!(await repos.webhooks.get(params.id))) throw notFound('webhook');
    return { items: await repos.webhooks.deliveries(params.id, 200) };
  });
}
