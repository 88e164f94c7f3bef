// A flow as JSON: { start, nodes: { <name>: { verb, …fields of that verb } } }. validateIvrFlow
// checks it all — the shape, each node against its verb's schema (unknown fields are errors),
// every jump naming a node — and returns either the compiled flow or every problem with its
// path ('nodes.main.options.1') and a message. The same verb definitions give the JSON Schema.
import { s, validate, type Issue, type JsonSchema } from '../validation/schema.js';
import type { IvrFlowDefinition } from '../db/database.types.js';
import { voiceName } from './prompt-ref.js';
import { nodeName, type Verb } from './verb.js';
import { plannedVerbs, verbs } from './verbs/index.js';

export interface FlowNode {
  id: string;
  verb: string;
  step: Verb;
}

/** A checked flow, ready to run; its Verbs hold no per-call state, so one flow serves many calls. */
export interface IvrFlow {
  start: string;
  nodes: ReadonlyMap<string, FlowNode>;
  /** The voice (language) of spoken text that names none. */
  voice?: string;
}

export type FlowValidation = { ok: true; flow: IvrFlow } | { ok: false; errors: Issue[] };

const MAX_NODES = 500;

const outline = s.object({
  start: nodeName(),
  nodes: s.record(s.object({ verb: s.string({ minLength: 1 }) }, { open: true }), nodeName())
    .refine((n) => (Object.keys(n).length > MAX_NODES ? `must have at most ${MAX_NODES} nodes` : undefined)),
  voice: voiceName.optional(),
});

export function validateIvrFlow(json: unknown): FlowValidation {
  const shape = validate(outline, json);
  if (!shape.ok) return { ok: false, errors: shape.issues };
  const errors: Issue[] = [];
  const nodes = new Map<string, FlowNode>();
  const jumps: [string, string][] = [];
  for (const [id, node] of Object.entries(shape.value.nodes)) {
    const path = `nodes.${id}`;
    const definition = verbs.get(node.verb);
    if (!definition) {
      const planned = (plannedVerbs as readonly string[]).includes(node.verb);
      errors.push({ path: `${path}.verb`, message: planned ? `${node.verb} is not available yet` : `must be one of: ${[...verbs.keys()].join(', ')}` });
      continue;
    }
    const compiled = definition.compile(node, path);
    if (!compiled.ok) {
      errors.push(...compiled.issues);
      continue;
    }
    nodes.set(id, { id, verb: node.verb, step: compiled.verb });
    for (const [field, target] of compiled.jumps) jumps.push([`${path}.${field}`, target]);
  }
  const names = new Set(Object.keys(shape.value.nodes));
  if (!names.has(shape.value.start)) errors.push({ path: 'start', message: 'must name a node' });
  for (const [path, target] of jumps) if (!names.has(target)) errors.push({ path, message: `must name a node (no node ${target})` });
  if (errors.length) return { ok: false, errors };
  const { voice } = shape.value;
  return { ok: true, flow: { start: shape.value.start, nodes, ...(voice !== undefined ? { voice } : {}) } };
}

/** The API's checkIvrFlow hook: the issues of a definition (paths relative to it), none if it is valid. */
export function checkIvrFlow(definition: IvrFlowDefinition): Issue[] {
  const result = validateIvrFlow(definition);
  return result.ok ? [] : result.errors;
}

/** JSON Schema of a flow definition, from the same verb definitions (for the OpenAPI document). */
export function ivrFlowJsonSchema(): JsonSchema {
  return {
    type: 'object',
    required: ['start', 'nodes'],
    additionalProperties: false,
    properties: {
      start: { ...nodeName().jsonSchema(), description: 'the node the call starts at' },
      voice: { ...voiceName.jsonSchema(), description: 'the voice (language) of spoken text that names none' },
      nodes: {
        type: 'object',
        propertyNames: nodeName().jsonSchema(),
        additionalProperties: { oneOf: [...verbs.values()].map((v) => v.jsonSchema()) },
      },
    },
  };
}
