import { evaluateAll, type Scope } from './expression-eval.js';
import { StageFieldError } from './field-error.js';
import type { StageSelector } from './schema.js';
import { compileExpression, type CompileContext } from './template.js';

/** A compiled selector: true when the scope's object matches. */
export type Matcher = (scope: Scope) => boolean;

type Requirement = NonNullable<StageSelector['matchExpressions']>[number];

/**
 * Compiles a selector: matchLabels and matchAnnotations compare whole values; each of
 * matchExpressions evaluates its key (a path) to the values it yields, then `Exists` (one or
 * more), `DoesNotExist` (none), `In` (one of them is listed) or `NotIn` (none is listed;
 * true when there are none). Everything is ANDed; no selector matches every object.
 * Throws a StageFieldError for a bad key or values that do not suit the operator.
 */
export function compileSelector(selector: StageSelector | undefined, field: string, ctx: CompileContext): Matcher {
  if (!selector) return () => true;
  const parts: Matcher[] = [
    ...mapMatchers(selector.matchLabels, 'labels'),
    ...mapMatchers(selector.matchAnnotations, 'annotations'),
    ...(selector.matchExpressions ?? []).map((r, i) => compileRequirement(r, `${field}.matchExpressions[${i}]`, ctx)),
  ];
  return (scope) => parts.every((m) => m(scope));
}

function mapMatchers(map: Record<string, string> | undefined, where: 'labels' | 'annotations'): Matcher[] {
  return Object.entries(map ?? {}).map(
    ([k, v]) =>
      (scope) =>
        metaMap(scope.root, where)[k] === v,
  );
}

function metaMap(obj: unknown, where: 'labels' | 'annotations'): Record<string, string> {
  const meta = (obj as { metadata?: Record<string, unknown> } | null)?.metadata;
  return (meta?.[where] as Record<string, string> | undefined) ?? {};
}

function compileRequirement(r: Requirement, field: string, ctx: CompileContext): Matcher {
  const key = compileExpression(r.key, `${field}.key`, ctx);
  const values = r.values ?? [];
  const needsValues = r.operator === 'In' || r.operator === 'NotIn';
  if (needsValues && values.length === 0)
    throw new StageFieldError(`${field}.values`, `must be non-empty for operator ${r.operator}`);
  if (!needsValues && r.values !== undefined)
    throw new StageFieldError(`${field}.values`, `must be empty for operator ${r.operator}`);
  const listed = new Set(values);
  const anyListed = (found: unknown[]): boolean => found.some((v) => listed.has(valueText(v)));
  switch (r.operator) {
    case 'Exists':
      return (scope) => evaluateAll(key, scope).length > 0;
    case 'DoesNotExist':
      return (scope) => evaluateAll(key, scope).length === 0;
    case 'In':
      return (scope) => anyListed(evaluateAll(key, scope));
    case 'NotIn':
      return (scope) => !anyListed(evaluateAll(key, scope));
  }
}

function valueText(v: unknown): string {
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
