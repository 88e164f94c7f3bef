// First start: when no admin exists, create `admin` with the configured password or a
// generated one. The generated password is returned (never logged here) so that the
// caller prints it once on the console.
import type { Kysely } from 'kysely';
import type { Database } from './database.types.js';
import { newPassword } from './secrets.js';
import { usersRepository } from './users.repository.js';

export interface EnsureAdminResult {
  created: boolean;
  /** Set only when the password was generated. */
  generatedPassword?: string;
}

export async function ensureAdmin(db: Kysely<Database>, options: { password?: string; username?: string } = {}): Promise<EnsureAdminResult> {
  const users = usersRepository(db);
  if ((await users.countByRole('admin')) > 0) return { created: false };
  const password = options.password ?? newPassword();
  await users.create({ username: options.username ?? 'admin', display_name: 'Administrator', email: null, role: 'admin', password });
  return options.password === undefined ? { created: true, generatedPassword: password } : { created: true };
}
