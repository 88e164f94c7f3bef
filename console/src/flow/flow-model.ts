// An IVR flow as the editor holds it: the API's definition ({start, nodes: {name: {verb, …}}})
// and what the editor derives from it with the verbs' JSON Schemas from the API's document —
// which fields jump to another node (a node name, or a map of them like a menu's options), the
// edges those make, what is wrong locally (a jump to no node), and where each server issue
// belongs (its path 'body.definition.nodes.menu.options.2' names the node).
import type { Issue } from '../api.js';
import type { JsonSchema } from '../schema.js';

export interface FlowNode {
  verb: string;
  [field: string]: unknown;
}

export interface FlowDefinition {
  start: string;
  nodes: Record<string, FlowNode>;
  /** The voice (language) of the flow's spoken text that names none; the center's default without it. */
  voice?: string;
}

export interface VerbSchema {
  verb: string;
  description: string;
  schema: JsonSchema;
}

/** The API's node-name pattern: a field with it holds a jump. */
const NODE_NAME = '^[A-Za-z0-9_-]{1,64}$';
export const nodeNamePattern = new RegExp(NODE_NAME);

export const isJump = (s: JsonSchema | undefined): boolean => s?.type === 'string' && s.pattern === NODE_NAME;
export const isJumpMap = (s: JsonSchema | undefined): boolean =>
  s?.type === 'object' && typeof s.additionalProperties === 'object' && isJump(s.additionalProperties);

/** Every verb's schema, from the flow definition's schema in the OpenAPI document. */
export function verbSchemas(definition: JsonSchema): VerbSchema[] {
  const nodes = definition.properties?.nodes?.additionalProperties;
  const options = typeof nodes === 'object' ? nodes.oneOf ?? [] : [];
  return options.map((schema) => ({ verb: String(schema.properties?.verb?.enum?.[0] ?? ''), description: schema.description ?? '', schema })).filter((v) => v.verb);
}

export interface FlowEdge {
  from: string;
  to: string;
  /** The jump's field: 'next', 'on_closed', 'options.2'. */
  field: string;
  /** What the graph writes on the edge: '2' for a menu option, 'closed' for on_closed. */
  label: string;
}

const edgeLabel = (field: string): string => field.replace(/^options\./, '').replace(/^on_/, '').replace(/^next$|^target$/, '');

/** The jumps of one node, by its verb's schema. */
export function jumpsOf(node: FlowNode, verb: VerbSchema | undefined): { field: string; to: string }[] {
  const out: { field: string; to: string }[] = [];
  for (const [field, s] of Object.entries(verb?.schema.properties ?? {})) {
    const value = node[field];
    if (isJump(s) && typeof value === 'string' && value) out.push({ field, to: value });
    if (isJumpMap(s) && typeof value === 'object' && value !== null) {
      for (const [key, to] of Object.entries(value as Record<string, unknown>)) if (typeof to === 'string' && to) out.push({ field: `${field}.${key}`, to });
    }
  }
  return out;
}

export function edgesOf(def: FlowDefinition, verbs: VerbSchema[]): FlowEdge[] {
  const byVerb = new Map(verbs.map((v) => [v.verb, v]));
  return Object.entries(def.nodes).flatMap(([from, node]) =>
    jumpsOf(node, byVerb.get(node.verb)).map(({ field, to }) => ({ from, to, field, label: edgeLabel(field) })));
}

/** What the editor can tell before asking the server: jumps and the start naming no node. */
export function localIssues(def: FlowDefinition, verbs: VerbSchema[]): Issue[] {
  const issues: Issue[] = [];
  if (!(def.start in def.nodes)) issues.push({ path: 'start', message: `the start node ${def.start || '(none)'} does not exist` });
  for (const e of edgesOf(def, verbs)) {
    if (!(e.to in def.nodes)) issues.push({ path: `nodes.${e.from}.${e.field}`, message: `must name a node (no node ${e.to})` });
  }
  return issues;
}

export interface PlacedIssues {
  /** Messages by node name, each prefixed by its field ('options.2: must name a node'). */
  byNode: Record<string, string[]>;
  /** The ones that belong to no node (the start, the name). */
  flow: string[];
}

/** Puts each issue on its node; paths may be the API's ('body.definition.nodes.x.y') or local. */
export function placeIssues(issues: Issue[]): PlacedIssues {
  const placed: PlacedIssues = { byNode: {}, flow: [] };
  for (const issue of issues) {
    const path = issue.path.replace(/^body\.(definition\.)?/, '');
    const m = /^nodes\.([A-Za-z0-9_-]+)(?:\.(.+))?$/.exec(path);
    if (m?.[1]) (placed.byNode[m[1]] ??= []).push(m[2] ? `${m[2]}: ${issue.message}` : issue.message);
    else placed.flow.push(path ? `${path}: ${issue.message}` : issue.message);
  }
  return placed;
}

/** The flow with node `from` called `to`, and every jump to it (and the start) following. */
export function renameNode(def: FlowDefinition, from: string, to: string, verbs: VerbSchema[]): FlowDefinition {
  const byVerb = new Map(verbs.map((v) => [v.verb, v]));
  const nodes: Record<string, FlowNode> = {};
  for (const [name, node] of Object.entries(def.nodes)) {
    const copy: FlowNode = { ...node };
    for (const [field, s] of Object.entries(byVerb.get(node.verb)?.schema.properties ?? {})) {
      if (isJump(s) && copy[field] === from) copy[field] = to;
      if (isJumpMap(s) && typeof copy[field] === 'object' && copy[field] !== null) {
        copy[field] = Object.fromEntries(Object.entries(copy[field] as Record<string, string>).map(([k, v]) => [k, v === from ? to : v]));
      }
    }
    nodes[name === from ? to : name] = copy;
  }
  return { start: def.start === from ? to : def.start, nodes };
}

/** A name for a new node: the verb, then verb-2, verb-3, … */
export function freshName(def: FlowDefinition, base: string): string {
  if (!(base in def.nodes)) return base;
  for (let i = 2; ; i++) if (!(`${base}-${i}` in def.nodes)) return `${base}-${i}`;
}

/** Keeps the fields the verb has, when a node changes verb. */
export function withVerb(node: FlowNode, verb: VerbSchema): FlowNode {
  const fields = verb.schema.properties ?? {};
  return { ...Object.fromEntries(Object.entries(node).filter(([k]) => k in fields && k !== 'verb')), verb: verb.verb };
}
