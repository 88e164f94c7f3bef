// The contract every verb implements, and defineVerb(), which ties a verb's parameter schema,
// its jumps (for the "every jump names a node" check) and its class together. A Verb is built
// once per flow node and holds only its parameters, so a compiled flow serves many calls; what
// one call needs lives in the VerbContext the session passes to run().
import { s, validate, type Issue, type JsonSchema, type ObjectOf, type Shape } from '../validation/schema.js';
import type { IvrOutcome } from './ivr.types.js';
import type { PromptRef } from './prompt-ref.js';
import type { HookRequest, HookResponse } from './webhook/webhook-client.js';

/** Where the flow goes after a node: another node, or out of the IVR with an outcome. */
export type Next = { goto: string } | { end: IvrOutcome };

export const goto = (node: string): Next => ({ goto: node });
export const end = (outcome: IvrOutcome): Next => ({ end: outcome });
/** A node whose `next` is optional: without one, the flow is over and the call is hung up. */
export const proceed = (next: string | undefined): Next => (next !== undefined ? goto(next) : end({ kind: 'hangup', reason: 'end-of-flow' }));

export interface VerbContext {
  readonly callId: string;
  readonly variables: Map<string, string>;
  /** The caller's and the dialed number, when the call has them (a webhook sends them). */
  readonly numbers: { caller?: string; called?: string };
  /**
   * Plays a prompt to the end. With bargeIn, a digit stops it and stays queued for the next
   * read ('interrupted'); without, digits pressed meanwhile are discarded. A prompt that cannot
   * be played is logged and skipped ('skipped'): a missing file must not drop the caller.
   */
  play(prompt: PromptRef, options?: { bargeIn?: boolean }): Promise<'completed' | 'interrupted' | 'skipped'>;
  /** The next digit within timeoutMs (queued type-ahead first), or null on timeout. */
  readDigit(timeoutMs: number): Promise<string | null>;
  /** Drops digits pressed so far (e.g. the rest of an invalid entry before re-prompting). */
  flushDigits(): void;
  /** Adds to the current path step: digits the caller pressed here, and how the node ended. */
  note(entry: { digits?: string; result?: string }): void;
  /** Whether the schedule is open now; undefined when it is unknown. */
  isOpen(scheduleId: string): Promise<boolean | undefined>;
  /** Whether the flow has a node of that name (a webhook's reply may only jump to those). */
  hasNode(name: string): boolean;
  /** Posts a webhook request under the site's address policy; aborted when the call ends. */
  postHook(request: HookRequest): Promise<HookResponse>;
  /** Logs a warning with the call id and the current node. */
  warn(details: object, message: string): void;
}

export interface Verb {
  run(ctx: VerbContext): Promise<Next>;
}

/** A jump a node makes: the dotted path of its field (for error messages) and the node it names. */
export type Jump = [path: string, node: string];

export interface VerbDefinition {
  readonly name: string;
  /** The node's field names (without `verb`). */
  readonly fields: readonly string[];
  /** JSON Schema of a node using this verb (for the OpenAPI document). */
  jsonSchema(): JsonSchema;
  /** Checks a node's fields; on success returns the Verb and the jumps to check. */
  compile(node: unknown, path: string): { ok: true; verb: Verb; jumps: Jump[] } | { ok: false; issues: Issue[] };
}

export interface VerbSpec<S extends Shape> {
  /** Parameter fields; `verb` is added here. */
  fields: S;
  /** Cross-field rules, as the schema builder's refine. */
  refine?: (params: ObjectOf<S>) => string | Issue[] | undefined;
  jumps: (params: ObjectOf<S>) => (Jump | undefined)[];
  create: (params: ObjectOf<S>) => Verb;
  description: string;
}

export function defineVerb<S extends Shape>(name: string, spec: VerbSpec<S>): VerbDefinition {
  // The node's own fields plus `verb`; unknown fields are rejected, so a typo is an error.
  const object = s.object({ ...spec.fields, verb: s.enum([name]) });
  const params = (value: unknown): ObjectOf<S> => value as ObjectOf<S>;
  const refine = spec.refine;
  const schema = (refine ? object.refine((p) => refine(params(p))) : object).describe(spec.description);
  return {
    name,
    fields: Object.keys(spec.fields),
    jsonSchema: () => schema.jsonSchema(),
    compile(node, path) {
      const checked = validate(schema, node);
      if (!checked.ok) return { ok: false, issues: checked.issues.map((i) => ({ path: i.path ? `${path}.${i.path}` : path, message: i.message })) };
      const value = params(checked.value);
      return { ok: true, verb: spec.create(value), jumps: spec.jumps(value).filter((j): j is Jump => j !== undefined) };
    },
  };
}

/** A field naming another node of the flow (same rule as the API's node names). */
export const nodeName = () => s.string({ pattern: /^[A-Za-z0-9_-]{1,64}$/, patternMessage: 'must be 1 to 64 letters, digits, _ or -' });
