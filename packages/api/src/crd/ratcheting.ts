/**
 * Validation ratcheting of custom resource updates (kube's CRDValidationRatcheting, on by
 * default since 1.30): a schema error on a value the update left as it was does not fail the
 * update. Wheelhouse correlates old and new values through object fields only (kube also
 * correlates map-list items by key); errors inside lists are always reported.
 */
import { jsonEqual } from '@wheelhouse/machinery';
import type { FieldError } from '../validation/field-errors.js';
import { isJsonObject } from './schema-nav.js';

type Lookup = { found: true; value: unknown } | { found: false };

function valueAt(obj: unknown, segments: readonly string[]): Lookup {
  let node: unknown = obj;
  for (const s of segments) {
    if (!isJsonObject(node) || !(s in node)) return { found: false };
    node = node[s];
  }
  return { found: true, value: node };
}

/** The dotted segments of an error's field, or undefined when it goes through a list or is the root. */
function segmentsOf(field: string): string[] | undefined {
  if (field === '<nil>' || field.includes('[')) return undefined;
  return field.split('.');
}

function unchanged(error: FieldError, obj: unknown, old: unknown): boolean {
  const segments = segmentsOf(error.field);
  if (segments === undefined) return false;
  // A missing required field is reported by its parent object's validator: compare the parent.
  const at = error.type === 'FieldValueRequired' ? segments.slice(0, -1) : segments;
  const next = valueAt(obj, at);
  const prev = valueAt(old, at);
  return next.found && prev.found && jsonEqual(next.value, prev.value);
}

/** The schema errors of an update that kube does not ratchet away (`obj` new, `old` stored). */
export function ratchetSchemaErrors(errors: readonly FieldError[], obj: unknown, old: unknown): FieldError[] {
  return errors.filter((e) => !unchanged(e, obj, old));
}
