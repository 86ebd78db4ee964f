/**
 * Minimal local label-selector matching (matchLabels + In/NotIn/Exists/DoesNotExist), used
 * only to check that a workload's selector matches its template labels. Kept local so this
 * package does not depend on @wheelhouse/machinery while it is being written.
 */
import type { LabelSelector, LabelSelectorRequirement } from '../schema/meta-v1.js';

function requirementMatches(req: LabelSelectorRequirement, labels: Record<string, string>): boolean {
  const key = req.key ?? '';
  const has = Object.hasOwn(labels, key);
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(labels[key] ?? '');
    case 'NotIn':
      return !has || !values.includes(labels[key] ?? '');
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** True when `selector` selects an object with `labels`; an empty selector matches everything. */
export function selectorMatchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const set = labels ?? {};
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  if (!matchLabels.every(([k, v]) => Object.hasOwn(set, k) && set[k] === v)) return false;
  return (selector.matchExpressions ?? []).every((req) => requirementMatches(req, set));
}

/** True when the selector has neither matchLabels nor matchExpressions. */
export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
}

/**
 * Formats a selector as Kubernetes' `metav1.FormatLabelSelector` does: requirements sorted
 * by key (`app=web,tier in (a,b)`), `<none>` when absent or empty.
 */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  if (selector === undefined) return '<none>';
  const parts: [string, string][] = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => [k, `${k}=${v}`]);
  for (const req of selector.matchExpressions ?? []) parts.push([req.key ?? '', formatRequirement(req)]);
  parts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const text = parts.map((p) => p[1]).join(',');
  return text === '' ? '<none>' : text;
}

function formatRequirement(req: LabelSelectorRequirement): string {
  const key = req.key ?? '';
  const values = [...(req.values ?? [])].sort().join(',');
  switch (req.operator) {
    case 'In':
      return `${key} in (${values})`;
    case 'NotIn':
      return `${key} notin (${values})`;
    case 'Exists':
      return key;
    case 'DoesNotExist':
      return `!${key}`;
    default:
      return `${key} ${req.operator ?? ''} (${values})`;
  }
}
