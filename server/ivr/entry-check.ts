// The checks gather applies to an entry besides its length: a pattern the whole entry must
// match, and a check digit (Luhn, as card and many account numbers carry). A failed check is an
// invalid entry: it is asked again up to the retries, then on_invalid / on_failure.
//   { "verb": "gather", …, "pattern": "4[0-9]{15}", "check_digit": "luhn" }
// Patterns come from a flow (an admin) and run on each entry, so they are kept safe by form:
// at most 64 characters of digits, * and #, classes, alternation and counted repeats; no
// backreference, lookaround or flag; no quantifier on a group — the shape of every
// catastrophic backtracking pattern ((1+)+, (1|11)*); at most 4 quantifiers. On entries of at
// most 32 keys, what is left backtracks at most about 32^4 steps.
import { s } from '../validation/schema.js';

const MAX_PATTERN = 64;
const MAX_QUANTIFIERS = 4;

/** Why a pattern is refused, or undefined. */
function unsafePattern(source: string): string | undefined {
  if (!/^[0-9*#\\d[\]\-^$|(){},?+]+$/.test(source.replace(/\\[d*#[\]\-^$|(){},?+\\]/g, ''))) return 'may hold only digits, * #, \\d, [classes], ( | ), and ? + * {n,m}';
  if (/\\[^d*#[\]\-^$|(){},?+\\]/.test(source)) return 'may escape only \\d and the pattern\'s own symbols';
  if (/\(\?/.test(source)) return 'must not use (? groups (lookaround, flags, names)';
  const plain = source.replace(/\\./g, '_');
  if (/\)[*+?{]/.test(plain)) return 'must not put a quantifier on a group (it can backtrack without end)';
  if ((plain.match(/[*+?]|\{[0-9,]+\}/g) ?? []).length > MAX_QUANTIFIERS) return `must have at most ${MAX_QUANTIFIERS} quantifiers`;
  try {
    new RegExp(source);
  } catch (err) {
    return `is not a valid pattern: ${err instanceof Error ? err.message : String(err)}`;
  }
  return undefined;
}

/** A gather pattern: checked for safety, then matched against the whole entry. */
export const entryPattern = () => s.string({ minLength: 1, maxLength: MAX_PATTERN }).refine(unsafePattern);

export const checkDigits = ['luhn'] as const;
export type CheckDigit = (typeof checkDigits)[number];

/** Luhn (ISO/IEC 7812): from the right, every second digit doubled (9 taken off past 9); the sum ends in 0. */
export function luhnValid(digits: string): boolean {
  if (!/^[0-9]{2,}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Whether an entry passes the node's pattern and check digit. */
export function entryPasses(entry: string, check: { pattern?: RegExp | undefined; checkDigit?: CheckDigit | undefined }): boolean {
  if (check.pattern && !check.pattern.test(entry)) return false;
  return check.checkDigit !== 'luhn' || luhnValid(entry);
}

/** The whole-entry matcher of a pattern that entryPattern accepted. */
export const wholeEntry = (source: string): RegExp => new RegExp(`^(?:${source})$`);
