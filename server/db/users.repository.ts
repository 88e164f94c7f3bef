// Users of the API and the browser apps. Passwords go in, scrypt hashes are stored;
// password_hash never leaves this layer except for verification. A new password or a disabled
// account revokes every token of the user. Unknown usernames cost the same scrypt work as
// known ones, so the answer's timing does not tell which usernames exist.
import type { Kysely } from 'kysely';
import { crudRepository } from './crud-repository.js';
import type { Database, NewRow, Row, RowPatch } from './database.types.js';
import { hashPassword, newPassword, verifyPassword } from './secrets.js';
import { tokensRepository } from './tokens.repository.js';

export type UserInput = Omit<NewRow<'users'>, 'password_hash'> & { password: string };
export type UserPatch = Omit<RowPatch<'users'>, 'password_hash'> & { password?: string };

/** A hash of nothing anyone knows, with the same scrypt parameters as real ones. */
let dummy: Promise<string> | undefined;
const dummyHash = (): Promise<string> => (dummy ??= hashPassword(newPassword()));

export function usersRepository(db: Kysely<Database>) {
  const crud = crudRepository(db, 'users', { touch: true });
  const tokens = tokensRepository(db);
  return {
    ...crud,
    async create({ password, ...rest }: UserInput): Promise<Row<'users'>> {
      return crud.create({ ...rest, password_hash: await hashPassword(password) });
    },
    async update(id: string, { password, ...rest }: UserPatch): Promise<Row<'users'> | undefined> {
      const row = await crud.update(id, password === undefined ? rest : { ...rest, password_hash: await hashPassword(password) });
      if (row && (password !== undefined || rest.disabled === true)) await tokens.revokeAllForUser(id);
      return row;
    },
    /** The enabled user with that username and password, else undefined; same work either way. */
    async authenticate(username: string, password: string): Promise<Row<'users'> | undefined> {
      const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      const matches = await verifyPassword(password, user?.password_hash ?? await dummyHash());
      return user && matches && !user.disabled ? user : undefined;
    },
    async countByRole(role: Row<'users'>['role']): Promise<number> {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', role).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type UsersRepository = ReturnType<typeof usersRepository>;
