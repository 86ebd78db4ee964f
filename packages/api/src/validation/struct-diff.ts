/** A summary of how two objects differ, standing in for the cmp.Diff text in kube's Forbidden messages. */
import { semanticEqual } from '../util/json.js';

/**
 * The fields of `old` and `next` that differ, one `-` and one `+` line each (as JSON), inside
 * `  <goType>{ ... }` the way cmp.Diff frames a struct; not Go's exact diff output.
 */
export function describeStructDiff(goType: string, old: object, next: object): string {
  const a = old as Record<string, unknown>;
  const b = next as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const lines = keys
    .filter((k) => !semanticEqual(a[k], b[k]))
    .flatMap((k) => [`-  ${k}: ${JSON.stringify(a[k]) ?? 'null'}`, `+  ${k}: ${JSON.stringify(b[k]) ?? 'null'}`]);
  return `  ${goType}{\n${lines.join('\n')}\n  }\n`;
}
