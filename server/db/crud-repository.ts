// Create/read/update/delete/list for a table whose key is `id`, shared by the provisioning
// repositories. Lists are ordered by creation and paged by keyset (the last id seen), so a
// page is one index walk however deep it is.
import { sql, type Generated, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Database, NewRow, Row, RowPatch } from './database.types.js';

/** Tables with a uuid `id` and a `created_at`. */
export type CrudTable = { [T in keyof Database]: Database[T] extends { id: unknown; created_at: unknown } ? T : never }[keyof Database];

export interface Page<T> { items: T[]; next: string | null }

export interface ListOptions { limit: number; after?: string }

export interface CrudRepository<T extends CrudTable> {
  create(values: NewRow<T>): Promise<Row<T>>;
  get(id: string): Promise<Row<T> | undefined>;
  /** undefined when no row has that id. */
  update(id: string, patch: RowPatch<T>): Promise<Row<T> | undefined>;
  remove(id: string): Promise<boolean>;
  list(options: ListOptions): Promise<Page<Row<T>>>;
}

// kysely cannot follow a table name that is a type parameter, so the queries are built on
// a view of the schema that knows only the shared columns, and rows are cast back.
interface SharedColumns { id: Generated<string>; created_at: Generated<Date>; updated_at: Generated<Date> }
type Shared = Record<string, SharedColumns>;

/** Rows come one beyond the limit; that extra row only says whether a next page exists. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

export function crudRepository<T extends CrudTable>(typed: Kysely<Database>, table: T, options: { touch: boolean }): CrudRepository<T> {
  const db = typed as unknown as Kysely<Shared>;
  const name: string = table;
  return {
    async create(values) {
      const row = await db.insertInto(name).values(values as Insertable<SharedColumns>).returningAll().executeTakeFirstOrThrow();
      return row as unknown as Row<T>;
    },
    async get(id) {
      const row = await db.selectFrom(name).selectAll().where('id', '=', id).executeTakeFirst();
      return row as unknown as Row<T> | undefined;
    },
    async update(id, patch) {
      const values = { ...(patch as Updateable<SharedColumns>), ...(options.touch ? { updated_at: sql<Date>`now()` } : {}) };
      const row = await db.updateTable(name).set(values).where('id', '=', id).returningAll().executeTakeFirst();
      return row as unknown as Row<T> | undefined;
    },
    async remove(id) {
      const result = await db.deleteFrom(name).where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async list({ limit, after }) {
      let query = db.selectFrom(name).selectAll().orderBy('created_at').orderBy('id').limit(limit + 1);
      if (after) {
        query = query.where(sql<boolean>`(created_at, id) > (SELECT created_at, id FROM ${sql.table(name)} WHERE id = ${after})`);
      }
      const rows = await query.execute();
      return pageOf(rows, limit, (row) => row.id) as unknown as Page<Row<T>>;
    },
  };
}
