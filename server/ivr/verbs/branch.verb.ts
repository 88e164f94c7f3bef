// branch: compares a variable with a value and jumps — to route on what a gather, a set or a
// webhook left (a tier, an amount, a status). `value` may hold {{variables}}, so two variables
// can be compared; a variable never set counts as empty. above/below compare as numbers: a
// side that is not a number makes the condition false.
//   { "verb": "branch", "variable": "tier", "op": "equals", "value": "gold",
//     "on_true": "vip", "on_false": "menu" }
import { s } from '../../validation/schema.js';
import { interpolate } from '../prompt-ref.js';
import { defineVerb, goto, nodeName, type Next, type Verb, type VerbContext } from '../verb.js';
import { variableName } from './set.verb.js';

const ops = ['equals', 'not-equals', 'above', 'below', 'empty', 'not-empty'] as const;
type Op = (typeof ops)[number];

interface BranchParams { variable: string; op: Op; value?: string | undefined; on_true: string; on_false: string }

const number = (text: string): number | undefined => (/^-?[0-9]+(\.[0-9]+)?$/.test(text.trim()) ? Number(text) : undefined);

export function holds(op: Op, actual: string, value: string): boolean {
  switch (op) {
    case 'equals': return actual === value;
    case 'not-equals': return actual !== value;
    case 'empty': return actual === '';
    case 'not-empty': return actual !== '';
    case 'above':
    case 'below': {
      const [a, b] = [number(actual), number(value)];
      if (a === undefined || b === undefined) return false;
      return op === 'above' ? a > b : a < b;
    }
  }
}

export class BranchVerb implements Verb {
  constructor(private readonly p: BranchParams) {}

  async run(ctx: VerbContext): Promise<Next> {
    const result = holds(this.p.op, ctx.variables.get(this.p.variable) ?? '', interpolate(this.p.value ?? '', ctx.variables));
    ctx.note({ result: String(result) });
    return goto(result ? this.p.on_true : this.p.on_false);
  }
}

export const branch = defineVerb('branch', {
  description: 'Compare a variable with a value and jump',
  fields: {
    variable: variableName(),
    op: s.enum(ops).describe('above and below compare numbers'),
    value: s.string({ maxLength: 500 }).optional().describe('may hold {{variables}}; not taken by empty and not-empty'),
    on_true: nodeName(),
    on_false: nodeName(),
  },
  refine: (p) => {
    const unary = p.op === 'empty' || p.op === 'not-empty';
    if (unary && p.value !== undefined) return [{ path: 'value', message: `is not taken by ${p.op}` }];
    if (!unary && p.value === undefined) return [{ path: 'value', message: `is required by ${p.op}` }];
    if ((p.op === 'above' || p.op === 'below') && !(p.value ?? '').includes('{{') && number(p.value ?? '') === undefined) return [{ path: 'value', message: `must be a number for ${p.op}` }];
    return undefined;
  },
  jumps: (p) => [['on_true', p.on_true], ['on_false', p.on_false]],
  create: (p) => new BranchVerb(p),
});
