/** zod issues as Kubernetes field errors, with paths written as Kubernetes prints them (`profiles[0].plugins`). */
import { invalid, type FieldError } from '@wheelhouse/api';
import type { z } from 'zod';

/** `a.b[0].c` from a path. */
export function fieldPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out === '' ? '' : '.'}${String(p)}`;
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

function printable(v: unknown): string | number | boolean | null | undefined {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    return v;
  return JSON.stringify(v);
}

/** One field error per issue: unknown fields by name, other issues as invalid values with zod's message. */
export function fieldErrorsOf(error: z.ZodError, input: unknown, prefix = ''): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({
        type: 'FieldValueInvalid' as const,
        field: fieldPath([...issue.path, k], prefix),
        message: 'unknown field',
      }));
    }
    return [invalid(fieldPath(issue.path, prefix), printable(valueAt(input, issue.path)), issue.message)];
  });
}
