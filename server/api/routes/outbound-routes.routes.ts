// /api/outbound-routes — where agents' outbound calls go: the first enabled route (lowest
// priority) whose E.164 prefix matches picks the trunks, tried in order with failover on
// 5xx/408/timeout. Read by the SIP app at every call, so a change applies to the next call.
import type { ApiContext } from '../api-context.js';
import { badRequest } from '../http/api-error.js';
import { crudRoutes } from '../http/crud-routes.js';
import { rowView } from '../http/record-fields.js';
import { name, uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';

const routeInput = s.object({
  name: name(),
  priority: s.integer({ min: 0, max: 100000 }).optional().describe('lower first; ties by name'),
  match_prefix: s.string({ pattern: /^(\+[0-9]{0,15})?$/, patternMessage: 'must be empty or an E.164 prefix like +44' }).optional(),
  strip_digits: s.integer({ min: 0, max: 15 }).optional().describe('digits removed from the front of the number without its +'),
  add_prefix: s.string({ pattern: /^\+?[0-9]{0,10}$/, patternMessage: 'must be digits, optionally after a +' }).optional().describe('default "+": the carrier gets E.164'),
  trunk_ids: s.array(uuid(), { minItems: 1, maxItems: 10 }).describe('tried in this order'),
  enabled: s.boolean().optional(),
});

export function outboundRoutesRoutes({ routes, repos }: ApiContext): void {
  crudRoutes(routes, {
    path: '/outbound-routes', tag: 'outbound-routes', noun: 'outbound route',
    list: { search: ['name', 'match_prefix'], sort: ['name', 'priority', 'match_prefix', 'enabled', 'updated_at'] },
    create: routeInput, patch: routeInput.partial(), view: rowView(routeInput), show: (row) => row,
    repo: repos.outboundRoutes, read: ['admin'], write: ['admin'],
    async check(input) {
      for (const [i, id] of (input.trunk_ids ?? []).entries()) {
        const trunk = await repos.trunks.get(id);
        if (!trunk) throw badRequest([{ path: `body.trunk_ids.${i}`, message: 'no such trunk' }]);
        if (!trunk.outbound_uri) throw badRequest([{ path: `body.trunk_ids.${i}`, message: 'the trunk has no outbound_uri' }]);
      }
    },
  });
}
