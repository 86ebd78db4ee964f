/**
 * `get -w`: lists (printing the table as get does), then watches from the list's
 * resourceVersion and prints each changed object as a row in the same columns, until the
 * server ends the watch or the user interrupts. `-o yaml|json|name` print each object instead.
 */
import type { RestClient, WatchEvent } from '@wheelhouse/client';
import { err, out } from './io.js';
import { TABLE_ACCEPT, listObjects, watchObjects, type KubeObject } from './objects.js';
import { nameOf, toJson, toYaml } from './printing.js';
import { GrowingColumns } from '../table.js';
import { layoutOf, rowCells, type Table, type TableColumn, type TableOptions } from './table-print.js';
import type { Target } from './targets.js';

/** The options of one get. */
export interface GetOptions {
  output: string | undefined;
  labelSelector: string | undefined;
  fieldSelector: string | undefined;
  allNamespaces: boolean;
  showLabels: boolean;
  watch: boolean;
}

/** Widths grow as rows come (kubectl's tabwriter remembers widths between flushes). */
class RowPrinter {
  private columns: TableColumn[] = [];
  private readonly lines = new GrowingColumns();
  private headerPrinted = false;

  constructor(private readonly options: TableOptions) {}

  print(table: Table): void {
    if (table.columnDefinitions?.length) this.columns = table.columnDefinitions;
    const layout = layoutOf(this.columns, this.options);
    const rows = (table.rows ?? []).map((r) => rowCells(r, this.columns, layout, this.options));
    const lines = this.headerPrinted ? rows : [layout.headers, ...rows];
    if (lines.length === 0) return;
    out(this.lines.format(lines));
    this.headerPrinted = true;
  }
}

function printObject(t: Target, obj: KubeObject, o: GetOptions): void {
  if (o.output === 'name') out(`${nameOf(t.resource, obj.metadata?.name)}\n`);
  else if (o.output === 'json') out(toJson(obj));
  else out(`${toYaml(obj)}---\n`);
}

function nameSelector(t: Target, o: GetOptions): string | undefined {
  const byName = t.names.length === 1 ? `metadata.name=${t.names[0]}` : undefined;
  return [byName, o.fieldSelector].filter(Boolean).join(',') || undefined;
}

/** Runs the watch until the server ends it; throws the ApiError of an ERROR event (the stream does). */
export async function watchTable(rest: RestClient, t: Target, ns: string, o: GetOptions): Promise<void> {
  const human = o.output === undefined || o.output === 'wide';
  const scope = o.allNamespaces ? undefined : ns;
  const sel = { labelSelector: o.labelSelector, fieldSelector: nameSelector(t, o) };
  const accept = human ? TABLE_ACCEPT : undefined;
  const list = await listObjects(rest, t.resource, scope, sel, accept);
  const printer = new RowPrinter({
    wide: o.output === 'wide',
    allNamespaces: o.allNamespaces && t.resource.namespaced,
    showLabels: o.showLabels,
  });
  if (human) printer.print(list as Table);
  else for (const obj of list.items) printObject(t, obj, o);
  const empty = human ? !(list as Table).rows?.length : list.items.length === 0;
  if (empty) err(t.resource.namespaced && scope ? `No resources found in ${ns} namespace.\n` : 'No resources found\n');
  const events = await watchObjects<KubeObject & Table>(rest, t.resource, scope, {
    ...sel,
    resourceVersion: list.metadata?.resourceVersion ?? '',
    ...(accept ? { accept } : {}),
  });
  for await (const e of events as AsyncGenerator<WatchEvent<KubeObject & Table>>) {
    if (e.type === 'BOOKMARK') continue;
    if (human) printer.print(e.object);
    else printObject(t, e.object, o);
  }
}
