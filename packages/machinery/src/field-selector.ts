/**
 * Field selectors as k8s.io/apimachinery/pkg/fields: `k=v`, `k==v`, `k!=v` joined by ','
 * (AND). In values, `\`, `,` and `=` are escaped with a backslash; keys are taken up to the
 * first operator and never unescaped. A missing field matches as the empty string, as in
 * Kubernetes. Selectors are plain frozen data; every function is pure.
 */
import { machineryError } from './errors.js';

/** `=` (also parsed from `==`) or `!=`. */
export type FieldOperator = '=' | '!=';

/** One term of a field selector. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  readonly value: string;
}

/** A parsed field selector: terms in the order Kubernetes keeps them (sorted by their raw text). */
export interface ParsedFieldSelector {
  readonly requirements: readonly FieldRequirement[];
}

/** The field values of one object, e.g. `{ 'metadata.name': 'web', 'spec.nodeName': 'n1' }`. */
export type Fields = Readonly<Record<string, string>>;

const OPERATORS = ['!=', '==', '='] as const;

/** Escapes `\`, `,` and `=` so an arbitrary string can be a field selector value. */
export function escapeFieldSelectorValue(value: string): string {
  return value.replace(/[\\,=]/g, (ch) => `\\${ch}`);
}

/**
 * Reverses escapeFieldSelectorValue. Throws MachineryError `FieldSelectorEscape` for a
 * backslash before anything but `\`, `,`, `=` (or at the end) and `FieldSelectorUnescaped`
 * for a bare `,` or `=`.
 */
export function unescapeFieldSelectorValue(value: string): string {
  let out = '';
  let inSlash = false;
  for (const ch of value) {
    if (inSlash) {
      if (ch !== '\\' && ch !== ',' && ch !== '=') throw machineryError('FieldSelectorEscape', `\\${ch}`);
      out += ch;
      inSlash = false;
    } else if (ch === '\\') inSlash = true;
    else if (ch === ',' || ch === '=') throw machineryError('FieldSelectorUnescaped', ch);
    else out += ch;
  }
  if (inSlash) throw machineryError('FieldSelectorEscape', '\\');
  return out;
}

/** Splits on commas that are not escaped; escapes stay in the terms. */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (inSlash) inSlash = false;
    else if (ch === '\\') inSlash = true;
    else if (ch === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

function splitTerm(term: string): [string, string, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    const op = OPERATORS.find((o) => term.startsWith(o, i));
    if (op !== undefined) return [term.slice(0, i), op, term.slice(i + op.length)];
  }
  return undefined;
}

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Parses a field selector; '' (or only commas) gives the empty selector. Throws
 * MachineryError `FieldSelectorTerm` (`invalid selector: '...'; can't understand '...'`) for
 * a term without an operator, and the unescape errors for a bad value.
 */
export function parseFieldSelector(selector: string): ParsedFieldSelector {
  const terms = splitTerms(selector).sort(byteCompare);
  const requirements: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const split = splitTerm(term);
    if (split === undefined) throw machineryError('FieldSelectorTerm', selector, term);
    const [field, op, raw] = split;
    const operator: FieldOperator = op === '!=' ? '!=' : '=';
    requirements.push(Object.freeze({ field, operator, value: unescapeFieldSelectorValue(raw) }));
  }
  return Object.freeze({ requirements: Object.freeze(requirements) });
}

/** The selector matching exactly the given field values, as fields.SelectorFromSet. */
export function fieldSelectorFromSet(set: Fields): ParsedFieldSelector {
  const requirements = Object.entries(set).map(([field, value]): FieldRequirement => ({ field, operator: '=', value }));
  return Object.freeze({ requirements: Object.freeze(requirements) });
}

/** True when every term holds for `fields`; a field missing from `fields` counts as ''. */
export function matchesFields(selector: ParsedFieldSelector, fields: Fields): boolean {
  return selector.requirements.every((req) => {
    const actual = Object.prototype.hasOwnProperty.call(fields, req.field) ? fields[req.field] : '';
    return req.operator === '=' ? actual === req.value : actual !== req.value;
  });
}

/** True when the selector has no terms (selects everything). */
export function isEmptyFieldSelector(selector: ParsedFieldSelector): boolean {
  return selector.requirements.length === 0;
}

/** The canonical string: `k=v` / `k!=v` with values escaped, joined by ','. */
export function fieldSelectorToString(selector: ParsedFieldSelector): string {
  return selector.requirements
    .map((req) => `${req.field}${req.operator}${escapeFieldSelectorValue(req.value)}`)
    .join(',');
}

/** The value an `=` term requires of `field`, or undefined (as RequiresExactMatch). */
export function fieldSelectorRequiresExactMatch(selector: ParsedFieldSelector, field: string): string | undefined {
  return selector.requirements.find((req) => req.field === field && req.operator === '=')?.value;
}
