/**
 * Prints the server's `meta.k8s.io/v1 Table` as kubectl does: upper-case headers, the
 * priority-0 columns (all with `-o wide`), NAMESPACE first with `-A`, LABELS last with
 * `--show-labels`, the NAME cell prefixed with `kind.group/` when several types are printed,
 * cells as the server gave them, in the columns of ../table.ts.
 */
import { formatLine, widthsOf } from '../table.js';

/** A column definition of a Table. */
export interface TableColumn {
  name: string;
  type?: string;
  priority?: number;
}

/** A row of a Table; `object` carries the row's metadata (PartialObjectMetadata). */
export interface TableRow {
  cells: unknown[];
  object?: { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };
}

/** A Table answer (a page, a single object or a watch event). */
export interface Table {
  kind?: string;
  columnDefinitions?: TableColumn[];
  rows?: TableRow[];
  metadata?: { resourceVersion?: string; continue?: string };
}

/** How to print. */
export interface TableOptions {
  wide: boolean;
  allNamespaces: boolean;
  showLabels: boolean;
  /** `deployment.apps/` before each name, when several types are printed together. */
  namePrefix?: string | undefined;
}

/** A cell as kubectl prints it: `<none>` for null, numbers and booleans as Go prints them, lists joined. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '<none>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(cellText).join(',');
  return JSON.stringify(v);
}

/** `a=b,c=d` in key order, or `<none>`. */
export function labelsText(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

/** The printed columns: indexes into the Table's cells, and the headers. */
export interface Layout {
  indexes: number[];
  headers: string[];
}

/** Which columns of `columns` are printed, and their headers. */
export function layoutOf(columns: readonly TableColumn[], o: TableOptions): Layout {
  const indexes = columns.flatMap((c, i) => (o.wide || !c.priority ? [i] : []));
  const headers = indexes.map((i) => columns[i]!.name.toUpperCase());
  return {
    indexes,
    headers: [...(o.allNamespaces ? ['NAMESPACE'] : []), ...headers, ...(o.showLabels ? ['LABELS'] : [])],
  };
}

/** The printed cells of one row. */
export function rowCells(row: TableRow, columns: readonly TableColumn[], layout: Layout, o: TableOptions): string[] {
  const cells = layout.indexes.map((i) => {
    const text = cellText(row.cells[i]);
    return columns[i]!.name === 'Name' && o.namePrefix ? `${o.namePrefix}${text}` : text;
  });
  return [
    ...(o.allNamespaces ? [row.object?.metadata?.namespace ?? ''] : []),
    ...cells,
    ...(o.showLabels ? [labelsText(row.object?.metadata?.labels)] : []),
  ];
}

/** The whole table: header and rows, aligned. */
export function formatTable(table: Table, o: TableOptions): string {
  const columns = table.columnDefinitions ?? [];
  const layout = layoutOf(columns, o);
  const lines = [layout.headers, ...(table.rows ?? []).map((r) => rowCells(r, columns, layout, o))];
  const widths = widthsOf(lines);
  return lines.map((l) => formatLine(l, widths)).join('');
}
