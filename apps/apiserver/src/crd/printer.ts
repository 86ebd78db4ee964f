/**
 * The Table of a custom resource, as apiextensions-apiserver's table convertor builds it:
 * Name, then the version's additionalPrinterColumns (or one `Age` column when it has none),
 * cells from each column's JSONPath typed by the column's type (`date` as an age,
 * `integer`/`number`/`boolean` as JSON values, `string` as printed text, a missing value as
 * none).
 */
import {
  AGE_DESCRIPTION,
  nameColumn,
  timestampSince,
  type ApiObject,
  type CustomResourceColumnDefinition,
  type TablePrinter,
} from '@wheelhouse/api';
import { evaluateJsonPath, parseJsonPath, type JsonPathStep } from './jsonpath.js';

/** The columns kube serves for a version without additionalPrinterColumns. */
const DEFAULT_COLUMNS: CustomResourceColumnDefinition[] = [
  { name: 'Age', type: 'date', description: AGE_DESCRIPTION, jsonPath: '.metadata.creationTimestamp' },
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
      nameColumn(),
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
