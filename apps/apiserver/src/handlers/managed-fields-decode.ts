/**
 * Which client-sent managedFields Kubernetes would take: the entries its DecodeManagedFields
 * (k8s.io/apimachinery/pkg/util/managedfields/internal/managedfields.go) decodes. A write
 * whose managedFields do not decode keeps the live object's instead, without an error
 * (decodeLiveOrNew in internal/fieldmanager.go).
 */
import type { ManagedFieldsEntry } from '@wheelhouse/api';
import { isRecord } from '../object.js';

function parsesAs(json: string, accept: (v: unknown) => boolean): boolean {
  try {
    return accept(JSON.parse(json));
  } catch {
    return false;
  }
}

/**
 * How structured-merge-diff's Set.FromJSON reads a FieldsV1 key: `f:<name>`, `v:<JSON>`,
 * `k:<JSON object>` and `i:<integer>` are path elements whose value it reads in turn; `.`
 * and keys of another letter before the colon (kinds it does not know) it skips with their
 * value; anything else (`__proto__`, like any key without the colon second) is an error.
 */
function keyKind(key: string): 'element' | 'skipped' | 'error' {
  if (key === '.') return 'skipped';
  if (key.length < 2 || key[1] !== ':') return 'error';
  const rest = key.slice(2);
  const element = (ok: boolean): 'element' | 'error' => (ok ? 'element' : 'error');
  switch (key[0]) {
    case 'f':
      return 'element';
    case 'i':
      return element(/^[+-]?\d+$/.test(rest));
    case 'v':
      return element(parsesAs(rest, () => true));
    case 'k':
      return element(parsesAs(rest, isRecord));
    default:
      return 'skipped';
  }
}

/** Whether `tree` is a FieldsV1 tree Kubernetes decodes: an object whose keys it reads without an error, all the way down. */
function decodesAsFieldsV1(tree: unknown): boolean {
  if (!isRecord(tree)) return false;
  return Object.keys(tree).every((k) => {
    const kind = keyKind(k);
    return kind === 'skipped' || (kind === 'element' && decodesAsFieldsV1(tree[k]));
  });
}

function decodesAsEntry(e: ManagedFieldsEntry): boolean {
  if (e.operation !== 'Apply' && e.operation !== 'Update') return false;
  if (!e.apiVersion || e.fieldsType !== 'FieldsV1') return false;
  return e.fieldsV1 === undefined || decodesAsFieldsV1(e.fieldsV1);
}

/**
 * Whether Kubernetes' DecodeManagedFields decodes `entries`, sent by a client on a create,
 * update or patch: every entry is an Apply or Update with an apiVersion and FieldsV1 it
 * can read. An empty list decodes (Kubernetes then records none).
 */
export function decodesAsManagedFields(entries: readonly ManagedFieldsEntry[]): boolean {
  return entries.every(decodesAsEntry);
}
