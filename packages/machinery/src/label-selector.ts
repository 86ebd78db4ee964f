/**
 * Label selectors as k8s.io/apimachinery/pkg/labels: requirements, matching against a
 * label map, the canonical string form, and conversion from the structured
 * `metav1.LabelSelector` (matchLabels + matchExpressions). Parsing the string syntax lives
 * in label-selector-parser.ts. Selectors are plain frozen data; every function is pure.
 */
import { machineryError } from './errors.js';
import { formatFieldErrors, invalidField, type FieldError } from './field-errors.js';
import { isQualifiedName, isValidLabelValue } from './validation.js';

/**
 * A requirement operator, spelled as Kubernetes' selection.Operator: `exists` and `!` take
 * no values, `=`, `==`, `!=`, `gt`, `lt` exactly one, `in` and `notin` at least one.
 */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One requirement of a label selector; all requirements of a selector must hold (AND). */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/**
 * A parsed label selector: requirements sorted by key. `matchesNothing` marks the selector
 * of a nil `metav1.LabelSelector`, which selects no object (an empty selector selects all).
 */
export interface ParsedLabelSelector {
  readonly requirements: readonly LabelRequirement[];
  readonly matchesNothing: boolean;
}

/** The structured selector of the Kubernetes API (`metav1.LabelSelector`). */
export interface LabelSelector {
  matchLabels?: Readonly<Record<string, string>> | null;
  matchExpressions?: readonly LabelSelectorRequirement[] | null;
}

/**
 * One `matchExpressions` entry; `operator` is In, NotIn, Exists or DoesNotExist. An absent key
 * or operator is '', as Go decodes it (so the API's own type, every field optional, fits).
 */
export interface LabelSelectorRequirement {
  key?: string;
  operator?: string;
  values?: readonly string[] | null;
}

/** A label map as found in `metadata.labels`. */
export type Labels = Readonly<Record<string, string>>;

const EXPRESSION_OPERATORS: Readonly<Record<string, LabelOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

const EVERYTHING: ParsedLabelSelector = Object.freeze({ requirements: Object.freeze([]), matchesNothing: false });
const NOTHING: ParsedLabelSelector = Object.freeze({ requirements: Object.freeze([]), matchesNothing: true });

/** The selector that matches every label set (the empty selector). */
export function everythingLabelSelector(): ParsedLabelSelector {
  return EVERYTHING;
}

/** The selector that matches no label set. */
export function nothingLabelSelector(): ParsedLabelSelector {
  return NOTHING;
}

function childPath(path: string | null, name: string): string {
  return path === null ? name : `${path}.${name}`;
}

/** Field errors for a label key as the selector code reports them (one error, messages joined by '; '). */
export function labelKeyErrors(key: string, field: string): FieldError[] {
  const msgs = isQualifiedName(key);
  return msgs.length === 0 ? [] : [invalidField(field, key, msgs.join('; '))];
}

/**
 * Field errors for a requirement, in the order and wording of labels.NewRequirement.
 * `path` is the field path prefix (`null` where Kubernetes has none).
 */
export function requirementErrors(
  key: string,
  operator: LabelOperator,
  values: readonly string[],
  path: string | null = null,
): FieldError[] {
  const valuesPath = childPath(path, 'values');
  const errs = labelKeyErrors(key, childPath(path, 'key'));
  errs.push(...operatorErrors(operator, values, valuesPath));
  values.forEach((value, i) => {
    const msgs = isValidLabelValue(value);
    if (msgs.length > 0) errs.push(invalidField(`${valuesPath}[${i}][${key}]`, value, msgs.join('; ')));
  });
  return errs;
}

function operatorErrors(operator: LabelOperator, values: readonly string[], valuesPath: string): FieldError[] {
  const shown = values.length === 0 ? null : values;
  switch (operator) {
    case 'in':
    case 'notin':
      return values.length === 0
        ? [invalidField(valuesPath, shown, "for 'in', 'notin' operators, values set can't be empty")]
        : [];
    case '=':
    case '==':
    case '!=':
      return values.length === 1
        ? []
        : [invalidField(valuesPath, shown, 'exact-match compatibility requires one single value')];
    case 'exists':
    case '!':
      return values.length === 0
        ? []
        : [invalidField(valuesPath, shown, 'values set must be empty for exists and does not exist')];
    case 'gt':
    case 'lt':
      return comparisonErrors(values, valuesPath);
  }
}

function comparisonErrors(values: readonly string[], valuesPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (values.length !== 1) {
    errs.push(
      invalidField(
        valuesPath,
        values.length === 0 ? null : values,
        "for 'Gt', 'Lt' operators, exactly one value is required",
      ),
    );
  }
  values.forEach((value, i) => {
    if (parseGoInt64(value) === undefined) {
      errs.push(invalidField(`${valuesPath}[${i}]`, value, "for 'Gt', 'Lt' operators, the value must be an integer"));
    }
  });
  return errs;
}

/** Go's strconv.ParseInt(s, 10, 64): an optionally signed decimal that fits int64, else undefined. */
function parseGoInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

/**
 * A validated requirement. Throws MachineryError `LabelSelectorInvalid` with Kubernetes'
 * field-error text (e.g. `key: Invalid value: "a b": ...`) when key, operator arity or a
 * value is invalid. The values are kept in the given order.
 */
export function labelRequirement(
  key: string,
  operator: LabelOperator,
  values: readonly string[] = [],
): LabelRequirement {
  const errs = requirementErrors(key, operator, values);
  if (errs.length > 0) throw machineryError('LabelSelectorInvalid', formatFieldErrors(errs));
  return Object.freeze({ key, operator, values: Object.freeze([...values]) });
}

/** A selector of the given requirements, sorted by key (stable), as Selector.Add. */
export function labelSelectorOf(requirements: readonly LabelRequirement[]): ParsedLabelSelector {
  const sorted = [...requirements].sort((a, b) => compareStrings(a.key, b.key));
  return Object.freeze({ requirements: Object.freeze(sorted), matchesNothing: false });
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** True when `labels` satisfies one requirement, with Kubernetes' rules (notin and != match a missing key). */
export function requirementMatches(req: LabelRequirement, labels: Labels): boolean {
  const present = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = present ? labels[req.key] : undefined;
  switch (req.operator) {
    case 'in':
    case '=':
    case '==':
      return present && req.values.includes(value ?? '');
    case 'notin':
    case '!=':
      return !present || !req.values.includes(value ?? '');
    case 'exists':
      return present;
    case '!':
      return !present;
    case 'gt':
    case 'lt':
      return present && compareMatches(req, value ?? '');
  }
}

function compareMatches(req: LabelRequirement, value: string): boolean {
  const actual = parseGoInt64(value);
  const wanted = req.values.length === 1 ? parseGoInt64(req.values[0] ?? '') : undefined;
  if (actual === undefined || wanted === undefined) return false;
  return req.operator === 'gt' ? actual > wanted : actual < wanted;
}

/** True when `labels` satisfies every requirement of `selector` (always true for the empty selector). */
export function matchesLabels(selector: ParsedLabelSelector, labels: Labels | null | undefined): boolean {
  if (selector.matchesNothing) return false;
  const set = labels ?? {};
  return selector.requirements.every((req) => requirementMatches(req, set));
}

/** True when the selector does not restrict anything (the empty selector; not the nothing selector). */
export function isEmptyLabelSelector(selector: ParsedLabelSelector): boolean {
  return !selector.matchesNothing && selector.requirements.length === 0;
}

const OPERATOR_TEXT: Readonly<Record<LabelOperator, string>> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

/** One requirement as Kubernetes prints it: `!k`, `k`, `k=v`, `k in (a,b)` (values sorted). */
export function requirementToString(req: LabelRequirement): string {
  if (req.operator === '!') return `!${req.key}`;
  if (req.operator === 'exists') return req.key;
  const values = req.values.length === 1 ? (req.values[0] ?? '') : [...req.values].sort(compareStrings).join(',');
  const inSet = req.operator === 'in' || req.operator === 'notin';
  return `${req.key}${OPERATOR_TEXT[req.operator]}${inSet ? `(${values})` : values}`;
}

/** The selector's canonical string (requirements joined by ','); '' for the empty and the nothing selector. */
export function labelSelectorToString(selector: ParsedLabelSelector): string {
  return selector.requirements.map(requirementToString).join(',');
}

/** The selector that matches exactly the given labels (`k=v` for each), unvalidated as SelectorFromSet. */
export function labelSelectorFromSet(set: Labels | null | undefined): ParsedLabelSelector {
  const reqs = Object.entries(set ?? {}).map(([key, value]): LabelRequirement => ({
    key,
    operator: '=',
    values: [value],
  }));
  return labelSelectorOf(reqs);
}

/**
 * The value a selector requires `key` to have (`=`, `==`, or `in` with one value), or
 * undefined; lets a caller use an index instead of a scan.
 */
export function labelSelectorRequiresExactMatch(selector: ParsedLabelSelector, key: string): string | undefined {
  const req = selector.requirements.find((r) => r.key === key);
  if (req === undefined || req.values.length !== 1) return undefined;
  return req.operator === '=' || req.operator === '==' || req.operator === 'in' ? req.values[0] : undefined;
}

/**
 * Converts the API's structured selector, as metav1.LabelSelectorAsSelector: null/undefined
 * selects nothing, an empty one everything. Throws MachineryError `LabelSelectorOperator`
 * for an unknown operator and `LabelSelectorInvalid` for a bad key or values.
 */
export function labelSelectorFromStructured(selector: LabelSelector | null | undefined): ParsedLabelSelector {
  if (selector === null || selector === undefined) return NOTHING;
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  const expressions = selector.matchExpressions ?? [];
  if (matchLabels.length + expressions.length === 0) return EVERYTHING;
  const reqs = matchLabels.map(([key, value]) => labelRequirement(key, '=', [value]));
  for (const expr of expressions) reqs.push(expressionRequirement(expr));
  return labelSelectorOf(reqs);
}

function expressionRequirement(expr: LabelSelectorRequirement): LabelRequirement {
  const name = expr.operator ?? '';
  const operator = Object.prototype.hasOwnProperty.call(EXPRESSION_OPERATORS, name)
    ? EXPRESSION_OPERATORS[name]
    : undefined;
  if (operator === undefined) throw machineryError('LabelSelectorOperator', name);
  return labelRequirement(expr.key ?? '', operator, expr.values ?? []);
}

/** The structured selector as kubectl prints it (metav1.FormatLabelSelector): `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  try {
    const text = labelSelectorToString(labelSelectorFromStructured(selector));
    return text.length === 0 ? '<none>' : text;
  } catch {
    return '<error>';
  }
}
