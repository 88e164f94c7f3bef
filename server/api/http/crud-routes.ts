// The five routes of a provisioning resource — list, read, create, update (PATCH), delete —
// declared once here and instantiated by each resource's router with its schemas, view
// (what of a row may be shown) and checks that need the database. Creations, updates and
// deletions are audited (audit-log.ts) as the resource ('/ivr-flows' → 'ivr-flow'), with the
// row's view before and after. The list takes `q` (search on the resource's name-like fields)
// and `sort` (one of its declared fields, - for descending) with the keyset page.
import type { Role } from '../../db/database.types.js';
import type { ListOptions, Page } from '../../db/crud-repository.js';
import { s, type ObjectSchema, type Schema, type Shape, type ObjectOf } from '../../validation/schema.js';
import { uuid } from '../validation/fields.js';
import { notFound } from './api-error.js';
import type { Auth } from './auth.js';
import type { RouteRegistry } from './route-registry.js';

export const idParams = s.object({ id: uuid() });

export const pageQuery = s.object({
  limit: s.integer({ min: 1, max: 500 }).optional().describe('page size, 50 by default'),
  after: uuid().optional().describe('the `next` of the previous page'),
});

/** What a resource's list can be searched on (name-like fields) and sorted by: columns of its rows. */
export interface ListFields<R> {
  search: readonly (keyof R & string)[];
  sort: readonly (keyof R & string)[];
}

/** 'a', 'a or b', 'a, b or c'. */
const either = (names: readonly string[]): string => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}`);

/**
 * A list's query: the page, `q` and `sort`. `sort` is documented as the enum of its values (a
 * client reads which fields sort from it) and refused, naming the field, when it is unknown.
 */
function listQuery(fields: { search: readonly string[]; sort: readonly string[] }) {
  const sortable = ['created_at', ...fields.sort.filter((f) => f !== 'created_at')];
  const sort = s.string({ minLength: 1, maxLength: 65 })
    .refine((v) => (sortable.includes(v.replace(/^-/, '')) ? undefined : `unknown field "${v.replace(/^-/, '')}"; sortable: ${sortable.join(', ')}`))
    .documentedAs({ type: 'string', enum: sortable.flatMap((f) => [f, `-${f}`]) })
    .describe('a field to sort by, with - for descending (ties by id); created_at by default')
    .optional();
  return s.object({
    ...pageQuery.shape,
    q: s.string({ minLength: 1, maxLength: 100 }).optional().describe(`Finds the rows whose ${either(fields.search)} contains this text, in any case`),
    sort,
  });
}

/** The body of a list reply: a page of items and the cursor of the next page. */
export const pageSchema = <T>(item: Schema<T>) => s.object({ items: s.array(item), next: s.string().nullable() });

export interface CrudRepo<R, C, P> {
  create(input: C): Promise<R>;
  get(id: string): Promise<R | undefined>;
  update(id: string, patch: P): Promise<R | undefined>;
  remove(id: string): Promise<boolean>;
  list(options: ListOptions): Promise<Page<R>>;
}

export interface CrudResource<R, CS extends Shape, PS extends Shape> {
  /** '/trunks' */
  path: string;
  tag: string;
  /** 'trunk', for messages */
  noun: string;
  create: ObjectSchema<CS>;
  patch: ObjectSchema<PS>;
  view: Schema<unknown>;
  show(row: R): unknown;
  repo: CrudRepo<R, ObjectOf<CS>, ObjectOf<PS>>;
  read: Role[];
  write: Role[];
  /** Checks beyond the schema (references, cross-field rules); throw ApiError to refuse. */
  check?(input: ObjectOf<PS>, existing: R | undefined, auth: Auth): Promise<void>;
  list: ListFields<R>;
  checkDelete?(id: string, auth: Auth): Promise<void>;
}

export function crudRoutes<R, CS extends Shape, PS extends Shape>(routes: RouteRegistry, r: CrudResource<R, CS, PS>): void {
  const { path, tag, noun } = r;
  const one = `${path}/:id`;
  const found = async (id: string) => (await r.repo.get(id)) ?? Promise.reject(notFound(noun));
  const resource = path.slice(1).replace(/s$/, '');
  const audit = {
    resource,
    before: async ({ params }: { params: { id: string } }) => {
      const row = await r.repo.get(params.id);
      return row === undefined ? null : r.show(row);
    },
  };

  routes.add(r.read, { method: 'get', path, tag, summary: `List ${tag}`, query: listQuery(r.list), response: pageSchema(r.view) }, async ({ query }) => {
    const page = await r.repo.list({
      limit: query.limit ?? 50,
      ...(query.after ? { after: query.after } : {}),
      ...(query.q ? { search: { text: query.q, columns: r.list.search } } : {}),
      ...(query.sort ? { sort: { column: query.sort.replace(/^-/, ''), descending: query.sort.startsWith('-') } } : {}),
    });
    return { items: page.items.map((row) => r.show(row)), next: page.next };
  });
  routes.add(r.read, { method: 'get', path: one, tag, summary: `Read a ${noun}`, params: idParams, response: r.view }, async ({ params }) => r.show(await found(params.id)));
  routes.add(r.write, { method: 'post', path, tag, summary: `Create a ${noun}`, body: r.create, status: 201, response: r.view, audit: { resource } }, async ({ body, auth }) => {
    // A creation is checked like a patch of every field against no existing row.
    await r.check?.(body as unknown as ObjectOf<PS>, undefined, auth);
    return r.show(await r.repo.create(body));
  });
  routes.add(r.write, { method: 'patch', path: one, tag, summary: `Update a ${noun}`, params: idParams, body: r.patch, response: r.view, audit }, async ({ params, body, auth }) => {
    await r.check?.(body, await found(params.id), auth);
    return r.show((await r.repo.update(params.id, body)) ?? (await found(params.id)));
  });
  routes.add(r.write, { method: 'delete', path: one, tag, summary: `Delete a ${noun}`, params: idParams, audit }, async ({ params, auth }) => {
    await r.checkDelete?.(params.id, auth);
    if (!(await r.repo.remove(params.id))) throw notFound(noun);
  });
}
