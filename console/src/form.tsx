// A form drawn from a JSON Schema (the API's own request-body schema): strings, integers,
// booleans, enums, nullable fields, lists of strings or enums, lists of objects (weekly hours,
// skills, priority rules), a destination (type, then the IVR flow, queue or agent by name, or
// an extension), and fields that point to other rows (queue_id, music_prompt_id, supervisor_ids)
// as selects of those rows by name. Creating sends what was filled in; editing sends only the
// fields that changed. Write-only fields are password inputs, never pre-filled. The server's
// refusal puts each message under its field.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorLine } from '../../softphone/src/ui/error-line.js';
import { ApiError, errorText, type Json } from './api.js';
import { useChoices, type Lookups } from './lookups.js';
import { destinationResource, isOffered, isSecret, labelOf, referenceOf, unwrap, type JsonSchema } from './schema.js';

export interface FormContext {
  lookups: Lookups;
  /** Fixed choices for a field by name (a prompt's voice from /api/prompts/voices). */
  choices?: Record<string, string[]>;
}

export interface ResourceFormProps extends FormContext {
  id: string;
  schema: JsonSchema;
  /** The row being edited; absent to create one. */
  row?: Json;
  /** Fields not shown (set by the page itself). */
  omit?: string[];
  submitLabel: string;
  submit: (body: Json) => Promise<void>;
  children?: ComponentChildren;
}

type Change = (value: unknown) => void;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const empty = (v: unknown): boolean => v === undefined || v === '' || v === null;

export function ResourceForm({ id, schema, row, omit = [], submitLabel, submit, children, ...ctx }: ResourceFormProps) {
  const fields = Object.entries(schema.properties ?? {}).filter(([name, s]) => !omit.includes(name) && isOffered(s));
  const required = new Set(schema.required ?? []);
  const initial = (): Json => Object.fromEntries(fields.filter(([name, s]) => row && !isSecret(name, s)).map(([name]) => [name, row?.[name]]));
  const [values, setValues] = useState<Json>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);

  const body = (): Json => {
    const out: Json = {};
    for (const [name, s] of fields) {
      const v = values[name];
      if (row ? !same(v, isSecret(name, s) ? undefined : row[name]) && !(isSecret(name, s) && empty(v)) : !empty(v)) out[name] = v;
    }
    return out;
  };
  const onSubmit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError('');
    try {
      await submit(body());
    } catch (err) {
      const byField: Record<string, string> = {};
      const rest: string[] = [];
      for (const d of err instanceof ApiError ? err.details : []) {
        const [, field = '', ...sub] = d.path.split('.');
        if (fields.some(([name]) => name === field)) byField[field] = [byField[field], `${sub.length ? `${sub.join('.')}: ` : ''}${d.message}`].filter(Boolean).join('; ');
        else rest.push(`${d.path.replace(/^body\.?/, '')} ${d.message}`.trim());
      }
      setErrors(byField);
      setFormError(Object.keys(byField).length ? [err instanceof Error ? err.message : '', ...rest].filter(Boolean).join(': ') : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form id={id} class="resource-form" noValidate onSubmit={(e) => void onSubmit(e)}>
      <div class="fields">
        {fields.map(([name, s]) => (
          <Control key={name} path={name} name={name} schema={s} required={required.has(name)} value={values[name]} error={errors[name] ?? ''} secret={isSecret(name, s)}
            onChange={(v) => setValues((old) => ({ ...old, [name]: v }))} ctx={ctx} />
        ))}
      </div>
      {children}
      <ErrorLine id={`${id}-error`} text={formError} />
      <div class="actions"><button type="submit" class="go" disabled={busy}>{submitLabel}</button></div>
    </form>
  );
}

export interface ControlProps {
  path: string;
  name: string;
  schema: JsonSchema;
  required: boolean;
  value: unknown;
  error?: string;
  secret?: boolean;
  onChange: Change;
  ctx: FormContext;
}

/** One field: its label, hint (the schema's description), control and error line. */
export function Control(p: ControlProps) {
  const { schema, nullable } = unwrap(p.schema);
  const id = `f-${p.path}`;
  const hint = schema.description && !/write-only/.test(schema.description) ? schema.description : '';
  const described = [hint ? `${id}-hint` : '', p.error !== undefined ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const a = { id, 'aria-describedby': described, 'aria-required': p.required || undefined, 'aria-invalid': p.error ? (true as const) : undefined };
  const label = <>{labelOf(p.name)}{p.required ? <span class="dim"> (required)</span> : null}</>;
  const group = schema.type === 'array' || (schema.type === 'object' && !referenceOf(p.name));
  const input = widget(p, schema, nullable, a);
  return (
    <div class={`field${group ? ' group' : ''}`} data-field={p.name}>
      {group ? <fieldset id={`${id}-set`}><legend>{label}</legend>{hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}{input}</fieldset>
        : <label>{label}{input}{hint ? <span class="hint" id={`${id}-hint`}>{hint}</span> : null}</label>}
      {p.error !== undefined ? <ErrorLine id={`${id}-error`} text={p.error} /> : null}
    </div>
  );
}

type Attrs = { id: string; 'aria-describedby': string | undefined; 'aria-required': true | undefined; 'aria-invalid': true | undefined };

const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function widget(p: ControlProps, schema: JsonSchema, nullable: boolean, a: Attrs) {
  const blank = nullable ? null : undefined;
  const ref = referenceOf(p.name);
  const fixed = p.ctx.choices?.[p.name];
  if (ref && schema.type === 'string') return <RefSelect a={a} resource={ref.resource} value={p.value} onChange={p.onChange} blank={blank} ctx={p.ctx} />;
  if (ref && schema.type === 'array') return <RefChecks path={p.path} resource={ref.resource} value={p.value} onChange={p.onChange} ctx={p.ctx} />;
  if (schema.type === 'object' && schema.properties?.type?.enum) return <Destination path={p.path} schema={schema} nullable={nullable} value={p.value} onChange={p.onChange} ctx={p.ctx} />;
  if (schema.type === 'object') return <ObjectFields path={p.path} schema={schema} value={p.value} onChange={p.onChange} ctx={p.ctx} />;
  if (schema.enum || fixed) {
    const options = (fixed ?? schema.enum ?? []).map(String);
    return <Select a={a} options={options.map((o) => [o, o])} value={p.value} onChange={(v) => p.onChange(v === '' ? blank : v)} />;
  }
  if (p.name === 'day' && schema.type === 'integer' && schema.maximum === 6) {
    return <Select a={a} options={days.map((d, i) => [String(i), d])} value={p.value} onChange={(v) => p.onChange(v === '' ? undefined : Number(v))} />;
  }
  if (schema.type === 'boolean') return <input type="checkbox" {...a} checked={p.value === true} onChange={(e) => p.onChange(e.currentTarget.checked)} />;
  if (schema.type === 'integer' || schema.type === 'number') {
    return <input type="number" {...a} min={schema.minimum} max={schema.maximum} value={typeof p.value === 'number' ? String(p.value) : ''}
      onInput={(e) => p.onChange(e.currentTarget.value === '' ? blank : Number(e.currentTarget.value))} />;
  }
  if (schema.type === 'array') {
    const items = unwrap(schema.items ?? {}).schema;
    if (items.enum) return <EnumChecks path={p.path} options={items.enum.map(String)} value={p.value} onChange={p.onChange} />;
    if (items.type === 'object') return <ObjectList path={p.path} name={p.name} items={items} value={p.value} onChange={p.onChange} ctx={p.ctx} />;
    return <StringList a={a} value={p.value} onChange={p.onChange} />;
  }
  const text = typeof p.value === 'string' ? p.value : '';
  const onText = (v: string): void => p.onChange(v === '' ? blank : v);
  if ((schema.maxLength ?? 0) > 1000) return <textarea {...a} rows={4} value={text} onInput={(e) => onText(e.currentTarget.value)} />;
  if (p.secret) return <input type="password" {...a} autoComplete="new-password" value={p.value === undefined ? '' : text} onInput={(e) => onText(e.currentTarget.value)} />;
  const type = schema.pattern?.includes(':[0-5]') ? 'time' : schema.pattern?.startsWith('^\\d{4}-') ? 'date' : 'text';
  return <input type={type as 'text'} {...a} autoComplete="off" value={text} onInput={(e) => onText(e.currentTarget.value)} />;
}

function Select({ a, options, value, onChange }: { a: Partial<Attrs>; options: [string, string][]; value: unknown; onChange: (v: string) => void }) {
  return (
    <select {...a} value={value === undefined || value === null ? '' : String(value)} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">—</option>
      {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
    </select>
  );
}

function RefSelect({ a, resource, value, onChange, blank, ctx }: { a: Partial<Attrs>; resource: string; value: unknown; onChange: Change; blank: null | undefined; ctx: FormContext }) {
  const choices = useChoices(ctx.lookups, resource);
  return <Select a={a} options={choices.map((c) => [c.id, c.name])} value={value} onChange={(v) => onChange(v === '' ? blank : v)} />;
}

function Checks({ path, options, value, onChange }: { path: string; options: [string, string][]; value: unknown; onChange: Change }) {
  const chosen = Array.isArray(value) ? value.map(String) : [];
  const toggle = (v: string, on: boolean): void => onChange(on ? [...chosen, v] : chosen.filter((c) => c !== v));
  if (!options.length) return <p class="dim">none yet</p>;
  return (
    <div class="checks" id={`f-${path}`}>
      {options.map(([v, text]) => (
        <label key={v} class="check"><input type="checkbox" checked={chosen.includes(v)} onChange={(e) => toggle(v, e.currentTarget.checked)} /> {text}</label>
      ))}
    </div>
  );
}

function EnumChecks({ path, options, value, onChange }: { path: string; options: string[]; value: unknown; onChange: Change }) {
  return <Checks path={path} options={options.map((o) => [o, o])} value={value} onChange={onChange} />;
}

function RefChecks({ path, resource, value, onChange, ctx }: { path: string; resource: string; value: unknown; onChange: Change; ctx: FormContext }) {
  const choices = useChoices(ctx.lookups, resource);
  return <Checks path={path} options={choices.map((c) => [c.id, c.name])} value={value} onChange={onChange} />;
}

/** A list of strings typed one a line (or separated by commas): CIDRs, wrap-up codes. */
function StringList({ a, value, onChange }: { a: Attrs; value: unknown; onChange: Change }) {
  const [raw, setRaw] = useState(Array.isArray(value) ? value.join('\n') : '');
  const onInput = (text: string): void => {
    setRaw(text);
    onChange(text.split(/[\n,]+/).map((v) => v.trim()).filter(Boolean));
  };
  return <textarea {...a} rows={2} placeholder="one a line" value={raw} onInput={(e) => onInput(e.currentTarget.value)} />;
}

interface NestedProps {
  path: string;
  schema: JsonSchema;
  value: unknown;
  onChange: Change;
  ctx: FormContext;
}

/** An object's own fields side by side (one row of a list, or a nested object). */
function ObjectFields({ path, schema, value, onChange, ctx }: NestedProps) {
  const obj = (typeof value === 'object' && value !== null ? value : {}) as Json;
  const required = new Set(schema.required ?? []);
  return (
    <div class="row">
      {Object.entries(schema.properties ?? {}).filter(([, s]) => isOffered(s)).map(([name, s]) => (
        <Control key={name} path={`${path}-${name}`} name={name} schema={s} required={required.has(name)} value={obj[name]} ctx={ctx}
          onChange={(v) => onChange({ ...obj, [name]: v })} secret={isSecret(name, s)} />
      ))}
    </div>
  );
}

function ObjectList({ path, name, items, value, onChange, ctx }: { path: string; name: string; items: JsonSchema; value: unknown; onChange: Change; ctx: FormContext }) {
  const list = Array.isArray(value) ? (value as unknown[]) : [];
  const noun = labelOf(name).toLowerCase();
  return (
    <div class="object-list" id={`f-${path}`}>
      {list.map((item, i) => (
        <div class="item" key={i}>
          <ObjectFields path={`${path}-${i}`} schema={items} value={item} ctx={ctx} onChange={(v) => onChange(list.map((old, j) => (j === i ? v : old)))} />
          <button type="button" aria-label={`Remove ${noun} ${i + 1}`} onClick={() => onChange(list.filter((_, j) => j !== i))}>Remove</button>
        </div>
      ))}
      <button type="button" id={`f-${path}-add`} onClick={() => onChange([...list, {}])}>Add {noun}</button>
    </div>
  );
}

/** Where a call goes: the type, then the row of that type by name, or the extension. */
function Destination({ path, schema, nullable, value, onChange, ctx }: NestedProps & { nullable: boolean }) {
  const dest = (typeof value === 'object' && value !== null ? value : null) as { type?: string; id?: string; extension?: string } | null;
  const types = (schema.properties?.type?.enum ?? []).map(String);
  const resource = dest?.type ? destinationResource[dest.type] : undefined;
  const choices = useChoices(ctx.lookups, resource);
  return (
    <div class="row">
      <label>Type
        <Select a={{ id: `f-${path}-type` }} options={types.map((t) => [t, t])} value={dest?.type} onChange={(t) => onChange(t ? { type: t } : nullable ? null : undefined)} />
      </label>
      {resource ? (
        <label>{labelOf(dest?.type ?? '')}
          <Select a={{ id: `f-${path}-id` }} options={choices.map((c) => [c.id, c.name])} value={dest?.id} onChange={(v) => onChange({ type: dest?.type, ...(v ? { id: v } : {}) })} />
        </label>
      ) : null}
      {dest?.type === 'extension' ? (
        <label>Extension
          <input id={`f-${path}-extension`} value={dest.extension ?? ''} onInput={(e) => onChange({ type: 'extension', extension: e.currentTarget.value })} />
        </label>
      ) : null}
    </div>
  );
}
