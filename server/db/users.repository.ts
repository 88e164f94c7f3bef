// Users of the API and the browser apps. Passwords go in, scrypt hashes are stored;
// password_hash never leaves this layer except for verification.
import type { Kysely } from 'kysely';
import { crudRepository } from './crud-repository.js';
import type { Database, NewRow, Row, RowPatch } from './database.types.js';
import { hashPassword, verifyPassword } from './secrets.js';

export type UserInput = Omit<NewRow<'users'>, 'password_hash'> & { password: string };
export type UserPatch = Omit<RowPatch<'users'>, 'password_hash'> & { password?: string };

export function usersRepository(db: Kysely<Database>) {
  const crud = crudRepository(db, 'users', { touch: true });
  return {
    ...crud,
    async create({ password, ...rest }: UserInput): Promise<Row<'users'>> {
      return crud.create({ ...rest, password_hash: await hashPassword(password) });
    },
    async update(id: string, { password, ...rest }: UserPatch): Promise<Row<'users'> | undefined> {
      return crud.update(id, password === undefined ? rest : { ...rest, password_hash: await hashPassword(password) });
    },
    /** The enabled user with that username and password, else undefined. */
    async authenticate(username: string, password: string): Promise<Row<'users'> | undefined> {
      const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      if (!user || user.disabled) return undefined;
      return (await verifyPassword(password, user.password_hash)) ? user : undefined;
    },
    async countByRole(role: Row<'users'>['role']): Promise<number> {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', role).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type UsersRepository = ReturnType<typeof usersRepository>;
