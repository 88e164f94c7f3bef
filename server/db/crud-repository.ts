// Create/read/update/delete/list for a table whose key is `id`, shared by the provisioning
// repositories. Lists are ordered by creation (or by a column the caller names, ties by id)
// and paged by keyset: the cursor is the last id seen, whose row gives the place to go on
// from, so a page is one walk however deep it is. A search keeps rows where any of the named
// columns contains the text, in any case. Column names come from the routes' declarations
// (crud-routes.ts), never from a request.
import { sql, type Generated, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Database, NewRow, Row, RowPatch } from './database.types.js';

/** Tables with a uuid `id` and a `created_at`. */
export type CrudTable = { [T in keyof Database]: Database[T] extends { id: unknown; created_at: unknown } ? T : never }[keyof Database];

export interface Page<T> { items: T[]; next: string | null }

export interface ListOptions {
  limit: number;
  after?: string;
  /** Rows where one of `columns` contains `text` (any case). */
  search?: { text: string; columns: readonly string[] };
  /** Ascending puts nulls last, descending first: the one order read either way. */
  sort?: { column: string; descending: boolean };
}

/** `text` as a LIKE pattern that matches it anywhere, its own % _ and \ taken literally. */
const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

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
    async list({ limit, after, search, sort }) {
      const column = sql.ref(sort?.column ?? 'created_at');
      const descending = sort?.descending ?? false;
      let query = db.selectFrom(name).selectAll()
        .orderBy(sql`${column} ${sql.raw(descending ? 'desc nulls first' : 'asc nulls last')}`).orderBy('id', descending ? 'desc' : 'asc').limit(limit + 1);
      if (search) {
        const pattern = containsPattern(search.text);
        query = query.where(({ or }) => or(search.columns.map((c) => sql<boolean>`${sql.ref(c)}::text ILIKE ${pattern} ESCAPE '\\'`)));
      }
      if (after) {
        // The cursor row's value, read in SQL (a timestamp keeps its microseconds); whether it is null decides the condition.
        const cursor = await db.selectFrom(name).select(sql<boolean>`${column} IS NULL`.as('missing')).where('id', '=', after).executeTakeFirst();
        if (!cursor) return { items: [], next: null };
        const value = sql`(SELECT ${column} FROM ${sql.table(name)} WHERE id = ${after})`;
        const beyond = sql.raw(descending ? '<' : '>');
        const tie = sql<boolean>`id ${beyond} ${after}`;
        // Going up nulls come last, going down first. Past a null: going up only the later nulls
        // remain, going down those and every value. Past a value: going up every null remains, down none.
        query = query.where(cursor.missing
          ? sql<boolean>`((${column} IS NULL AND ${tie})${descending ? sql` OR ${column} IS NOT NULL` : sql``})`
          : sql<boolean>`(${column} ${beyond} ${value} OR (${column} = ${value} AND ${tie})${descending ? sql`` : sql` OR ${column} IS NULL`})`);
      }
      const rows = await query.execute();
      return pageOf(rows, limit, (row) => row.id) as unknown as Page<Row<T>>;
    },
  };
}
