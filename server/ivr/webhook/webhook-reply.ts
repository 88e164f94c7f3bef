// A webhook's answer: a JSON list of verbs of the flow schema, run in order. A reply item is a
// node without a name and without `next` (the list's order is the sequence); its other jumps
// (gather's on_failure, menu options, goto's target) name nodes of the flow. `{ "verb":
// "webhook" }` posts again to the same node's URL with what was gathered meanwhile; a reply
// cannot name another URL, so a remote system cannot turn the center into its relay.
//   [{ "verb": "say", "text": "Your balance is 12 dollars" },
//    { "verb": "gather", "variable": "choice", "max_digits": 1 },
//    { "verb": "webhook" }]
import type { Issue } from '../../validation/schema.js';
import type { Verb, VerbDefinition } from '../verb.js';

export const MAX_REPLY_VERBS = 50;

export type ReplyStep = { verb: string; step: Verb } | { verb: 'webhook' };

export type CompiledReply = { ok: true; steps: ReplyStep[]; continueAt: string } | { ok: false; issues: Issue[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A node name no flow node has: an item's `next` is set to it, and reaching it means "go on with the list". */
function continueName(hasNode: (name: string) => boolean): string {
  let name = 'reply-continue';
  for (let i = 1; hasNode(name); i++) name = `reply-continue-${i}`;
  return name;
}

export function compileReply(json: unknown, registry: ReadonlyMap<string, VerbDefinition>, hasNode: (name: string) => boolean): CompiledReply {
  if (!Array.isArray(json)) return { ok: false, issues: [{ path: '', message: 'must be a list of verbs' }] };
  if (json.length === 0 || json.length > MAX_REPLY_VERBS) return { ok: false, issues: [{ path: '', message: `must have 1 to ${MAX_REPLY_VERBS} verbs` }] };
  const continueAt = continueName(hasNode);
  const issues: Issue[] = [];
  const steps: ReplyStep[] = [];
  json.forEach((item: unknown, i) => {
    const path = String(i);
    if (!isObject(item) || typeof item.verb !== 'string') return issues.push({ path: `${path}.verb`, message: 'is required' });
    if (item.verb === 'webhook') {
      const extra = Object.keys(item).find((k) => k !== 'verb');
      if (extra !== undefined) return issues.push({ path: `${path}.${extra}`, message: 'is not allowed: a reply\'s webhook posts again to the node\'s own URL' });
      return steps.push({ verb: 'webhook' });
    }
    const definition = registry.get(item.verb);
    if (!definition) return issues.push({ path: `${path}.verb`, message: `must be one of: webhook, ${[...registry.keys()].filter((v) => v !== 'webhook').join(', ')}` });
    if ('next' in item) return issues.push({ path: `${path}.next`, message: 'is not allowed in a reply: the list\'s order is the sequence' });
    const compiled = definition.compile(definition.fields.includes('next') ? { ...item, next: continueAt } : item, path);
    if (!compiled.ok) return issues.push(...compiled.issues);
    for (const [field, target] of compiled.jumps) {
      if (!(field === 'next' && target === continueAt) && !hasNode(target)) issues.push({ path: `${path}.${field}`, message: `must name a node of the flow (no node ${target})` });
    }
    return steps.push({ verb: item.verb, step: compiled.verb });
  });
  return issues.length ? { ok: false, issues } : { ok: true, steps, continueAt };
}
