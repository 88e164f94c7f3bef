// /api/contacts — who a phone number belongs to. Everyone may read and annotate contacts
// (agents take notes during calls); removing one is for supervisors and admins. A
// contact's history is its calls, scoped like any call search. Marking a contact VIP (their
// calls get the queue's vip_priority) is for supervisors and admins.
import type { ApiContext } from '../api-context.js';
import { forbidden, notFound } from '../http/api-error.js';
import { crudRoutes, idParams } from '../http/crud-routes.js';
import { rowView } from '../http/record-fields.js';
import { name, phoneNumber } from '../validation/fields.js';
import { s } from '../../validation/schema.js';

const contactInput = s.object({
  phone_number: phoneNumber(),
  name: name(),
  company: s.string({ maxLength: 200 }).optional(),
  notes: s.string({ maxLength: 10000 }).optional(),
  vip: s.boolean().optional().describe("a VIP's calls get the queue's vip_priority; set by supervisors and admins"),
});
const contactView = rowView(contactInput);

export function contactsRoutes({ routes, repos }: ApiContext): void {
  const everyone = ['admin', 'supervisor', 'agent'] as const;
  routes.add([...everyone], { method: 'get', path: '/contacts/lookup', tag: 'contacts', summary: 'Find the contact of a phone number', query: s.object({ phone_number: phoneNumber() }), response: contactView }, async ({ query }) => {
    return (await repos.contacts.findByPhoneNumber(query.phone_number)) ?? Promise.reject(notFound('contact'));
  });
  routes.add([...everyone], { method: 'get', path: '/contacts/:id/calls', tag: 'contacts', summary: 'The calls from or to a contact, newest first', params: idParams, query: s.object({ limit: s.integer({ min: 1, max: 500 }).optional() }) }, async ({ params, query, auth }) => {
    const contact = await repos.contacts.get(params.id);
    if (!contact) throw notFound('contact');
    return repos.calls.search({ number: contact.phone_number, scope: await auth.scope(), limit: query.limit ?? 50 });
  });
  crudRoutes(routes, {
    path: '/contacts', tag: 'contacts', noun: 'contact',
    list: { search: ['name', 'phone_number', 'company'], sort: ['name', 'phone_number', 'company', 'vip', 'updated_at'] },
    create: contactInput, patch: contactInput.partial(), view: contactView, show: (row) => row,
    repo: repos.contacts, read: [...everyone], write: [...everyone],
    async check(input, existing, auth) {
      if (auth.user.role === 'agent' && input.vip !== undefined && input.vip !== (existing?.vip ?? false)) throw forbidden('agents may not change whether a contact is VIP');
    },
    async checkDelete(_id, auth) {
      if (auth.user.role === 'agent') throw forbidden('agents may not delete contacts');
    },
  });
}
