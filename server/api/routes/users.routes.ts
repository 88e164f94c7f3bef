// /api/users — admins manage accounts. Passwords are write-only; you cannot delete or
// demote yourself, so the last admin cannot lock everyone out by accident.
import type { ApiContext } from '../api-context.js';
import { conflict } from '../http/api-error.js';
import { publicUser } from '../http/auth.js';
import { crudRoutes } from '../http/crud-routes.js';
import { rowView } from '../http/record-fields.js';
import { email, name, password, username } from '../validation/fields.js';
import { s } from '../../validation/schema.js';

export const userInput = s.object({
  username: username(),
  display_name: name().optional(),
  email: email().nullable().optional(),
  role: s.enum(['admin', 'supervisor', 'agent'] as const),
  password: password(),
  disabled: s.boolean().optional(),
});

export const userView = rowView(userInput, ['password']);

export function usersRoutes({ routes, repos }: ApiContext): void {
  crudRoutes(routes, {
    path: '/users', tag: 'users', noun: 'user',
    list: { search: ['username', 'display_name', 'email'], sort: ['username', 'display_name', 'role', 'email', 'disabled', 'updated_at'] },
    create: userInput, patch: userInput.partial(), view: userView, show: publicUser,
    repo: repos.users, read: ['admin'], write: ['admin'],
    async check(input, existing, auth) {
      if (existing?.id === auth.user.id && ((input.role && input.role !== 'admin') || input.disabled)) throw conflict('you cannot demote or disable yourself');
    },
    async checkDelete(id, auth) {
      if (id === auth.user.id) throw conflict('you cannot delete yourself');
    },
  });
}
