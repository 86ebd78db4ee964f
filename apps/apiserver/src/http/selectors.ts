/**
 * Label and field selectors as kubectl sends them in `labelSelector` / `fieldSelector`,
 * parsed and matched by @wheelhouse/machinery; this adapter turns its errors into 400s
 * and checks field selectors against the fields a resource can select on.
 */
import {
  isEmptyFieldSelector,
  isEmptyLabelSelector,
  isMachineryError,
  labelSelectorFromStructured,
  labelSelectorToString,
  matchesFields,
  matchesLabels,
  parseFieldSelector as parseFields,
  parseLabelSelector as parseLabels,
  type LabelSelector,
} from '@wheelhouse/machinery';
import { badRequest } from '../errors.js';

/** A parsed selector: `matches` tests a map of label (or field) values. */
export interface Selector {
  readonly empty: boolean;
  matches(values: Readonly<Record<string, string>>): boolean;
  /** The keys (labels or fields) it constrains. */
  readonly keys: readonly string[];
}

function asBadRequest<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isMachineryError(err)) throw badRequest(err.message, err);
    throw err;
  }
}

/** Parses a label selector (`=`, `==`, `!=`, `in`, `notin`, `k`, `!k`, `>`, `<`; comma = AND). Throws 400 on bad syntax. */
export function parseLabelSelector(s: string | undefined): Selector {
  const sel = asBadRequest(() => parseLabels(s ?? ''));
  return {
    empty: isEmptyLabelSelector(sel),
    keys: sel.requirements.map((r) => r.key),
    matches: (labels) => matchesLabels(sel, labels),
  };
}

/**
 * Parses a field selector (`=`, `==`, `!=`; comma = AND) and checks each field is one of
 * `known`. Throws 400 `field label not supported: X` otherwise.
 */
export function parseFieldSelector(s: string | undefined, known: readonly string[]): Selector {
  const sel = asBadRequest(() => parseFields(s ?? ''));
  for (const r of sel.requirements)
    if (!known.includes(r.field)) throw badRequest(`field label not supported: ${r.field}`);
  return {
    empty: isEmptyFieldSelector(sel),
    keys: sel.requirements.map((r) => r.field),
    matches: (fields) => matchesFields(sel, fields),
  };
}

/** Renders a LabelSelector object (matchLabels / matchExpressions) as selector text, as /scale's status.selector; '' when invalid. */
export function labelSelectorString(sel: unknown): string {
  try {
    return labelSelectorToString(labelSelectorFromStructured((sel ?? null) as LabelSelector | null));
  } catch {
    return '';
  }
}
