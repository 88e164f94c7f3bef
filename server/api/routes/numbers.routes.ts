// /api/numbers — DIDs and where they route. A DID routes to one destination only: a second
// route for the same number is a 409.
import type { ApiContext } from '../api-context.js';
import { conflict } from '../http/api-error.js';
import { checkDestination } from '../http/destinations.js';
import { crudRoutes } from '../http/crud-routes.js';
import { rowView } from '../http/record-fields.js';
import { destination, e164, uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';

const numberInput = s.object({
  e164: e164(),
  trunk_id: uuid().nullable().optional(),
  destination: destination(),
  description: s.string({ maxLength: 500 }).optional(),
  priority: s.integer({ min: -100, max: 100 }).optional().describe("added to the priority of this number's calls in any queue (default 0)"),
});

export function numbersRoutes({ routes, repos }: ApiContext): void {
  crudRoutes(routes, {
    path: '/numbers', tag: 'numbers', noun: 'number',
    list: { search: ['e164', 'description'], sort: ['e164', 'description', 'priority', 'updated_at'] },
    create: numberInput, patch: numberInput.partial(), view: rowView(numberInput), show: (row) => row,
    repo: repos.numbers, read: ['admin', 'supervisor'], write: ['admin'],
    async check(input, existing) {
      if (input.e164 !== undefined && input.e164 !== existing?.e164 && (await repos.numbers.findByE164(input.e164))) {
        throw conflict(`${input.e164} is already routed`, [{ path: 'body.e164', message: 'is already routed' }]);
      }
      await checkDestination(repos, input.destination, 'body.destination');
    },
  });
}
