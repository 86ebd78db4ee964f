/**
 * The Table of a custom resource, as apiextensions-apiserver's table convertor builds it:
 * Name, then the version's additionalPrinterColumns (or one `Age` column when it has none),
 * cells from each column's JSONPath typed by the column's type (`date` as an age,
 * `integer`/`number`/`boolean` as JSON values, `string` as printed text, a missing value as
 * none).
 */
import { timestampSince, type TablePrinter } from '@wheelhouse/api';
import type { ApiObject, CustomResourceColumnDefinition } from '@wheelhouse/api';
import { evaluateJsonPath, parseJsonPath, type JsonPathStep } from './jsonpath.js';

const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const CREATION_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** The columns kube serves for a version without additionalPrinterColumns. */
const DEFAULT_COLUMNS: CustomResourceColumnDefinition[] = [
  { name: 'Age', type: 'date', description: CREATION_DESCRIPTION, jsonPath: '.metadata.creationTimestamp' },
];

function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function cell(type: string, v: unknown, now: Date): unknown {
  switch (type) {
    case 'string':
      return text(v);
    case 'date':
      return typeof v === 'string' ? timestampSince(v, now).replace('<unknown>', '<invalid>') : '<unknown>';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) ? v : null;
    case 'number':
      return typeof v === 'number' ? v : null;
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    default:
      return v;
  }
}

/** The printer of a CRD version's columns. A column whose path does not parse prints nothing. */
export function customResourcePrinter(
  columns: readonly CustomResourceColumnDefinition[] | undefined,
): TablePrinter<ApiObject> {
  const cols = columns?.length ? columns : DEFAULT_COLUMNS;
  const paths: Array<JsonPathStep[] | undefined> = cols.map((c) => {
    try {
      return parseJsonPath(c.jsonPath ?? '');
    } catch {
      return undefined;
    }
  });
  return {
    columns: [
      { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 0 },
      ...cols.map((c) => ({
        name: c.name ?? '',
        type: c.type ?? '',
        format: c.format ?? '',
        description: c.description ?? '',
        priority: c.priority ?? 0,
      })),
    ],
    cells: (obj, now) => [
      obj.metadata?.name ?? '',
      ...cols.map((c, i) => {
        const found = paths[i] ? evaluateJsonPath(obj, paths[i]) : [];
        return found.length === 0 ? null : cell(c.type ?? '', found[0], now);
      }),
    ],
  };
}
