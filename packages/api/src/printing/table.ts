/**
 * Server-side printing: per-resource column definitions and row functions, and the
 * `meta.k8s.io/v1` Table they build (rows carry PartialObjectMetadata so kubectl can show
 * NAMESPACE, `--show-labels` and `-L`).
 */
import type { ObjectMeta, Table, TableColumnDefinition, TableRow } from '../schema/meta-v1.js';
import { timestampSince } from './duration.js';

/** A row condition (pods that finished are marked Completed, as Kubernetes does). */
export interface RowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** How a resource prints: its columns, and the cells of one object at time `now`. */
export interface TablePrinter<T = unknown> {
  columns: readonly TableColumnDefinition[];
  /** Cells in column order: strings, or numbers for `integer` columns, booleans for `boolean`. */
  cells(obj: T, now: Date): unknown[];
  /** Optional row conditions (`Completed` for finished pods). */
  conditions?(obj: T): RowCondition[] | undefined;
}

/** ObjectMeta's description of `name`, used by every NAME column. */
export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

/** ObjectMeta's description of `creationTimestamp`, used by every AGE column. */
export const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** Builds a column definition; `format` and `priority` default to `""` and 0. */
export function column(
  name: string,
  type: string,
  description: string,
  priority = 0,
  format = '',
): TableColumnDefinition {
  return { name, type, format, description, priority };
}

/** The NAME column. */
export const nameColumn = (): TableColumnDefinition => column('Name', 'string', NAME_DESCRIPTION, 0, 'name');
/** The AGE column. */
export const ageColumn = (): TableColumnDefinition => column('Age', 'string', AGE_DESCRIPTION);

/**
 * A label map as labels.FormatLabels prints it: the `k=v` pairs sorted and joined by ',',
 * `<none>` when empty (SELECTOR and NODE SELECTOR cells).
 */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return pairs.sort().join(',') || '<none>';
}

/** The AGE cell of an object. */
export function age(meta: ObjectMeta | undefined, now: Date): string {
  return timestampSince(meta?.creationTimestamp, now);
}

/** Kubernetes' default table for kinds without a printer: Name and Created At. */
export const defaultTablePrinter: TablePrinter<{ metadata?: ObjectMeta }> = {
  columns: [nameColumn(), column('Created At', 'date', AGE_DESCRIPTION)],
  cells: (obj) => [obj.metadata?.name ?? '', obj.metadata?.creationTimestamp ?? ''],
};

/** What a row's `object` holds (kubectl's `includeObject` parameter). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Options of `buildTable`: list metadata and which object each row embeds. */
export interface BuildTableOptions {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
  includeObject?: IncludeObject;
  /** Set to false to omit columnDefinitions (watch events after the first). */
  includeColumns?: boolean;
}

function rowObject(obj: { metadata?: ObjectMeta }, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
}

function buildRow<T extends { metadata?: ObjectMeta }>(
  printer: TablePrinter<T>,
  obj: T,
  now: Date,
  include: IncludeObject,
): TableRow {
  const row: TableRow = { cells: printer.cells(obj, now) };
  const conditions = printer.conditions?.(obj);
  if (conditions) row.conditions = conditions;
  const object = rowObject(obj, include);
  if (object !== undefined) row.object = object;
  return row;
}

/** Builds a `meta.k8s.io/v1` Table of `objects`, computing ages against `now`. */
export function buildTable<T extends { metadata?: ObjectMeta }>(
  printer: TablePrinter<T>,
  objects: readonly T[],
  now: Date,
  options: BuildTableOptions = {},
): Table {
  const metadata: Table['metadata'] = {};
  if (options.resourceVersion !== undefined) metadata.resourceVersion = options.resourceVersion;
  if (options.continue) metadata.continue = options.continue;
  if (options.remainingItemCount !== undefined) metadata.remainingItemCount = options.remainingItemCount;
  const include = options.includeObject ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: options.includeColumns === false ? [] : [...printer.columns],
    rows: objects.map((obj) => buildRow(printer, obj, now, include)),
  };
}
