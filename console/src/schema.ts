// What the console reads from the API's own description (GET /api/openapi.json): the JSON
// Schema of each resource's create (POST /api/<resource>) and edit (PATCH /api/<resource>/{id})
// bodies. Forms are drawn from these, so a field added on the server shows without console code;
// what each list can be searched and sorted on, and the resources and actions its audited
// operations name (x-audit), the audit view's filters.
import type { ConsoleApi } from './api.js';

export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  description?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
}

interface OpenApi {
  paths: Record<string, Record<string, {
    requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
    parameters?: { name: string; in: string; schema?: JsonSchema }[];
    'x-audit'?: { resource: string; action: string };
  }>>;
}

/** What a resource's list route takes: the fields `sort` accepts, and what `q` searches (its description), if it takes one. */
export interface ListAbilities {
  sortable: string[];
  search: string | null;
}

/** What the audit log can hold: the resources and actions the API's audited operations name. */
export interface AuditChoices {
  resources: string[];
  actions: string[];
}

export class Schemas {
  private doc: Promise<OpenApi> | null = null;

  constructor(private readonly api: ConsoleApi) {}

  /** The document, read once. */
  private document(): Promise<OpenApi> {
    this.doc ??= this.api.get<OpenApi>('/openapi.json');
    return this.doc;
  }

  /** The JSON body schema of `method path` (`path` as in the document: /api/queues/{id}). */
  async body(method: 'post' | 'patch', path: string): Promise<JsonSchema> {
    const schema = (await this.document()).paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`the API describes no ${method.toUpperCase()} ${path}`);
    return schema;
  }

  /** What GET /api/<resource> can search and sort on, from its `q` and `sort` parameters. */
  async list(resource: string): Promise<ListAbilities> {
    const params = (await this.document()).paths[`/api/${resource}`]?.get?.parameters ?? [];
    const sort = params.find((p) => p.in === 'query' && p.name === 'sort')?.schema?.enum ?? [];
    const q = params.find((p) => p.in === 'query' && p.name === 'q');
    return { sortable: sort.filter((v): v is string => typeof v === 'string' && !v.startsWith('-')), search: q ? (q.schema?.description ?? '') : null };
  }

  /** Every operation's `x-audit`, gathered: the audit view's filter choices stay the server's. */
  async audit(): Promise<AuditChoices> {
    const specs = Object.values((await this.document()).paths).flatMap((ops) => Object.values(ops).flatMap((op) => (op['x-audit'] ? [op['x-audit']] : [])));
    const sorted = (values: string[]) => [...new Set(values)].sort();
    return { resources: sorted(specs.map((a) => a.resource)), actions: sorted(specs.map((a) => a.action)) };
  }
}

/** A nullable schema ({anyOf: [X, {type: 'null'}]}) as X and whether null is allowed. */
export function unwrap(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const options = schema.anyOf;
  if (!options) return { schema, nullable: false };
  const other = options.find((o) => o.type !== 'null') ?? {};
  return { schema: { ...other, description: schema.description ?? other.description }, nullable: options.some((o) => o.type === 'null') };
}

/**
 * Fields the API takes only at one value for now (described "not available yet: only X is
 * accepted", or "refused: …"): a form does not offer them, since any other value is a 400.
 */
export function isOffered(schema: JsonSchema): boolean {
  const description = schema.description ?? schema.anyOf?.find((o) => o.description)?.description ?? '';
  return !/^(not available yet|refused)\b/i.test(description);
}

/** Write-only fields (their description says so), passwords and secrets: password inputs. */
export function isSecret(name: string, schema: JsonSchema): boolean {
  return /write-only/i.test(schema.description ?? '') || /password|secret$/.test(name);
}

/** Resources a field can point to, by its name: queue_id, music_prompt_id, trunk_ids, supervisor_ids. */
const referable: Record<string, string> = { queue: 'queues', trunk: 'trunks', prompt: 'prompts', schedule: 'schedules', agent: 'agents', user: 'users', supervisor: 'users', ivr: 'ivr-flows', flow: 'ivr-flows' };

export function referenceOf(name: string): { resource: string; many: boolean } | null {
  const m = /(?:^|_)([a-z]+)_(ids?)$/.exec(name);
  const resource = m ? referable[m[1] ?? ''] : undefined;
  return resource ? { resource, many: m?.[2] === 'ids' } : null;
}

/** A destination's `type` names the resource its `id` is from. */
export const destinationResource: Record<string, string> = { ivr: 'ivr-flows', queue: 'queues', agent: 'agents' };

/** Field names as labels: "ring_timeout_seconds" → "Ring timeout seconds". */
export function labelOf(name: string): string {
  const words = name.replace(/_ids?$/, (s) => (s === '_ids' ? 's' : '')).replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
