// A small typed schema builder: one definition validates input (with a message per field)
// and emits JSON Schema for the OpenAPI document, so the two cannot drift apart.
//   const trunk = s.object({ name: s.string({ minLength: 1 }), port: s.integer({ min: 1 }).optional() });
//   type Trunk = Infer<typeof trunk>;          // { name: string; port?: number }
//   validate(trunk, req.body)                  // → { ok: true, value } | { ok: false, issues }
// Query strings arrive as text, so `coerce` lets numbers and booleans be parsed from strings.

export type JsonSchema = { [keyword: string]: unknown };

export interface Issue {
  /** Dotted path of the field ('' for the value itself), e.g. 'skills.0.proficiency'. */
  path: string;
  message: string;
}

interface Context { issues: Issue[]; coerce: boolean }

/** Marks a failed parse; distinct from undefined, which an optional field may legitimately be. */
const invalid: unique symbol = Symbol('invalid');
type Parsed<T> = T | typeof invalid;

function fail(ctx: Context, path: string, message: string): typeof invalid {
  ctx.issues.push({ path, message });
  return invalid;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

export abstract class Schema<T> {
  /** Phantom: the parsed type. */
  declare readonly type: T;
  readonly isOptional: boolean = false;
  protected description: string | undefined;

  abstract parse(value: unknown, path: string, ctx: Context): Parsed<T>;
  protected abstract json(): JsonSchema;

  jsonSchema(): JsonSchema {
    return this.description ? { ...this.json(), description: this.description } : this.json();
  }

  describe(text: string): this {
    this.description = text;
    return this;
  }

  optional(): OptionalSchema<T> { return new OptionalSchema(this); }
  nullable(): Schema<T | null> { return new NullableSchema(this); }
  /**
   * Parses as this schema, documents as `json`: for values whose full rules live elsewhere
   * (an IVR flow's verbs are server/ivr's) while this schema checks the outline.
   */
  documentedAs(json: JsonSchema): Schema<T> { return new DocumentedSchema(this, json); }
  /** Extra checks after the type is right; each returned issue's path is relative to this value. */
  refine(check: (value: T) => string | Issue[] | undefined): Schema<T> { return new RefinedSchema(this, check); }
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

export class OptionalSchema<T> extends Schema<T | undefined> {
  override readonly isOptional = true as const;
  constructor(readonly inner: Schema<T>) { super(); }
  parse(value: unknown, path: string, ctx: Context): Parsed<T | undefined> {
    return value === undefined ? undefined : this.inner.parse(value, path, ctx);
  }
  protected json() { return this.inner.jsonSchema(); }
}

class NullableSchema<T> extends Schema<T | null> {
  constructor(private readonly inner: Schema<T>) { super(); }
  parse(value: unknown, path: string, ctx: Context): Parsed<T | null> {
    return value === null ? null : this.inner.parse(value, path, ctx);
  }
  protected json() { return { anyOf: [this.inner.jsonSchema(), { type: 'null' }] }; }
}

class RefinedSchema<T> extends Schema<T> {
  constructor(private readonly inner: Schema<T>, private readonly check: (value: T) => string | Issue[] | undefined) { super(); }
  parse(value: unknown, path: string, ctx: Context): Parsed<T> {
    const parsed = this.inner.parse(value, path, ctx);
    if (parsed === invalid) return invalid;
    const problem = this.check(parsed);
    if (problem === undefined || (Array.isArray(problem) && problem.length === 0)) return parsed;
    if (typeof problem === 'string') return fail(ctx, path, problem);
    for (const issue of problem) ctx.issues.push({ path: issue.path ? join(path, issue.path) : path, message: issue.message });
    return invalid;
  }
  protected json() { return this.inner.jsonSchema(); }
}

class DocumentedSchema<T> extends Schema<T> {
  constructor(private readonly inner: Schema<T>, private readonly documented: JsonSchema) { super(); }
  parse(value: unknown, path: string, ctx: Context): Parsed<T> { return this.inner.parse(value, path, ctx); }
  protected json() { return this.documented; }
}

interface StringOptions { minLength?: number; maxLength?: number; pattern?: RegExp; patternMessage?: string; format?: string }

class StringSchema extends Schema<string> {
  constructor(private readonly o: StringOptions) { super(); }
  parse(value: unknown, path: string, ctx: Context): Parsed<string> {
    if (typeof value !== 'string') return fail(ctx, path, 'must be a string');
    // Postgres text cannot hold NUL; refusing it here keeps the message on the field.
    if (value.includes('\u0000')) return fail(ctx, path, 'must not contain NUL characters');
    if (this.o.minLength !== undefined && value.length < this.o.minLength) {
      return fail(ctx, path, this.o.minLength === 1 ? 'must not be empty' : `must be at least ${this.o.minLength} characters`);
    }
    if (this.o.maxLength !== undefined && value.length > this.o.maxLength) return fail(ctx, path, `must be at most ${this.o.maxLength} characters`);
    if (this.o.pattern && !this.o.pattern.test(value)) return fail(ctx, path, this.o.patternMessage ?? `must match ${this.o.pattern.source}`);
    return value;
  }
  protected json() {
    const { minLength, maxLength, pattern, format } = this.o;
    return { type: 'string', ...(minLength !== undefined ? { minLength } : {}), ...(maxLength !== undefined ? { maxLength } : {}), ...(pattern ? { pattern: pattern.source } : {}), ...(format ? { format } : {}) };
  }
}

class NumberSchema extends Schema<number> {
  constructor(private readonly o: { min?: number; max?: number; integer: boolean }) { super(); }
  parse(value: unknown, path: string, ctx: Context): Parsed<number> {
    const n = ctx.coerce && typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    const kind = this.o.integer ? 'an integer' : 'a number';
    if (typeof n !== 'number' || !Number.isFinite(n) || (this.o.integer && !Number.isInteger(n))) return fail(ctx, path, `must be ${kind}`);
    if (this.o.min !== undefined && n < this.o.min) return fail(ctx, path, `must be ${this.o.min} or more`);
    if (this.o.max !== undefined && n > this.o.max) return fail(ctx, path, `must be ${this.o.max} or less`);
    return n;
  }
  protected json() {
    return { type: this.o.integer ? 'integer' : 'number', ...(this.o.min !== undefined ? { minimum: this.o.min } : {}), ...(this.o.max !== undefined ? { maximum: this.o.max } : {}) };
  }
}

class BooleanSchema extends Schema<boolean> {
  parse(value: unknown, path: string, ctx: Context): Parsed<boolean> {
    if (ctx.coerce && (value === 'true' || value === 'false')) return value === 'true';
    return typeof value === 'boolean' ? value : fail(ctx, path, 'must be true or false');
  }
  protected json() { return { type: 'boolean' }; }
}

class EnumSchema<T extends string> extends Schema<T> {
  constructor(private readonly values: readonly T[]) { super(); }
  parse(value: unknown, path: string, ctx: Context): Parsed<T> {
    const found = this.values.find((v) => v === value);
    return found ?? fail(ctx, path, `must be one of: ${this.values.join(', ')}`);
  }
  protected json() { return { type: 'string', enum: [...this.values] }; }
}

class DateTimeSchema extends Schema<Date> {
  parse(value: unknown, path: string, ctx: Context): Parsed<Date> {
    const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
    if (typeof value !== 'string' || !iso.test(value) || Number.isNaN(Date.parse(value))) return fail(ctx, path, 'must be an ISO 8601 date or date-time');
    return new Date(value);
  }
  protected json() { return { type: 'string', format: 'date-time' }; }
}

class ArraySchema<T> extends Schema<T[]> {
  constructor(private readonly item: Schema<T>, private readonly o: { minItems?: number; maxItems?: number }) { super(); }
  parse(value: unknown, path: string, ctx: Context): Parsed<T[]> {
    if (!Array.isArray(value)) return fail(ctx, path, 'must be an array');
    if (this.o.minItems !== undefined && value.length < this.o.minItems) return fail(ctx, path, `must have at least ${this.o.minItems} items`);
    if (this.o.maxItems !== undefined && value.length > this.o.maxItems) return fail(ctx, path, `must have at most ${this.o.maxItems} items`);
    const out: T[] = [];
    let ok = true;
    value.forEach((item, i) => {
      const parsed = this.item.parse(item, join(path, i), ctx);
      if (parsed === invalid) ok = false;
      else out.push(parsed);
    });
    return ok ? out : invalid;
  }
  protected json() {
    return { type: 'array', items: this.item.jsonSchema(), ...(this.o.minItems !== undefined ? { minItems: this.o.minItems } : {}), ...(this.o.maxItems !== undefined ? { maxItems: this.o.maxItems } : {}) };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class RecordSchema<T> extends Schema<Record<string, T>> {
  constructor(private readonly value: Schema<T>, private readonly key: Schema<string>) { super(); }
  parse(value: unknown, path: string, ctx: Context): Parsed<Record<string, T>> {
    if (!isPlainObject(value)) return fail(ctx, path, 'must be an object');
    const out: Record<string, T> = {};
    let ok = true;
    for (const [k, v] of Object.entries(value)) {
      const key = this.key.parse(k, join(path, k), ctx);
      const parsed = this.value.parse(v, join(path, k), ctx);
      if (key === invalid || parsed === invalid) ok = false;
      else out[key] = parsed;
    }
    return ok ? out : invalid;
  }
  protected json() { return { type: 'object', additionalProperties: this.value.jsonSchema(), propertyNames: this.key.jsonSchema() }; }
}

export type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { isOptional: true } ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;
type Partial<S extends Shape> = { [K in keyof S]: OptionalSchema<Exclude<Infer<S[K]>, undefined>> };

/** Unknown fields are rejected (a typo must not pass silently) unless `open` is set. */
export class ObjectSchema<S extends Shape> extends Schema<ObjectOf<S>> {
  constructor(readonly shape: S, private readonly open: boolean) { super(); }
  parse(value: unknown, path: string, ctx: Context): Parsed<ObjectOf<S>> {
    if (!isPlainObject(value)) return fail(ctx, path, 'must be an object');
    const out: Record<string, unknown> = this.open ? { ...value } : {};
    let ok = true;
    for (const [key, schema] of Object.entries(this.shape)) {
      const field = value[key];
      if (field === undefined && !schema.isOptional) {
        fail(ctx, join(path, key), 'is required');
        ok = false;
        continue;
      }
      const parsed = schema.parse(field, join(path, key), ctx);
      if (parsed === invalid) ok = false;
      else if (parsed !== undefined) out[key] = parsed;
    }
    if (!this.open) {
      for (const key of Object.keys(value)) {
        if (!(key in this.shape)) { fail(ctx, join(path, key), 'is not a known field'); ok = false; }
      }
    }
    return ok ? (out as ObjectOf<S>) : invalid;
  }
  protected json() {
    const properties = Object.fromEntries(Object.entries(this.shape).map(([k, v]) => [k, v.jsonSchema()]));
    const required = Object.entries(this.shape).filter(([, v]) => !v.isOptional).map(([k]) => k);
    return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: this.open };
  }
  /** Every field optional: the body of a PATCH. */
  partial(): ObjectSchema<Partial<S>> {
    const shape = Object.fromEntries(Object.entries(this.shape).map(([k, v]) => [k, v instanceof OptionalSchema ? v : v.optional()]));
    return new ObjectSchema(shape as Partial<S>, this.open);
  }
  extend<E extends Shape>(extra: E): ObjectSchema<Omit<S, keyof E> & E> {
    return new ObjectSchema({ ...this.shape, ...extra } as Omit<S, keyof E> & E, this.open);
  }
  omit<K extends keyof S & string>(...keys: K[]): ObjectSchema<Omit<S, K>> {
    const shape = Object.fromEntries(Object.entries(this.shape).filter(([k]) => !keys.includes(k as K)));
    return new ObjectSchema(shape as Omit<S, K>, this.open);
  }
}

export const s = {
  string: (o: StringOptions = {}) => new StringSchema(o),
  integer: (o: { min?: number; max?: number } = {}) => new NumberSchema({ ...o, integer: true }),
  number: (o: { min?: number; max?: number } = {}) => new NumberSchema({ ...o, integer: false }),
  boolean: () => new BooleanSchema(),
  enum: <T extends string>(values: readonly T[]) => new EnumSchema(values),
  dateTime: () => new DateTimeSchema(),
  array: <T>(item: Schema<T>, o: { minItems?: number; maxItems?: number } = {}) => new ArraySchema(item, o),
  record: <T>(value: Schema<T>, key: Schema<string> = new StringSchema({ minLength: 1 })) => new RecordSchema(value, key),
  object: <S extends Shape>(shape: S, o: { open?: boolean } = {}) => new ObjectSchema(shape, o.open ?? false),
};

export type Validation<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export function validate<T>(schema: Schema<T>, value: unknown, options: { coerce?: boolean } = {}): Validation<T> {
  const ctx: Context = { issues: [], coerce: options.coerce ?? false };
  const parsed = schema.parse(value, '', ctx);
  return parsed === invalid ? { ok: false, issues: ctx.issues } : { ok: true, value: parsed };
}
