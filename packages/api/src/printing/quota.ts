/** Printers of resourcequotas (NAME AGE REQUEST LIMIT) and limitranges (NAME CREATED AT), as kube-apiserver 1.32. */
import type { LimitRange, ResourceQuota } from '../schema/core-v1-quota.js';
import type { Quantity } from '../schema/primitives.js';
import { quantityCell } from './quantity.js';
import { age, ageColumn, column, defaultTablePrinter, nameColumn, type TablePrinter } from './table.js';

const q = (value: Quantity | undefined): string => quantityCell(value, '0');

/** The REQUEST and LIMIT cells: `name: used/hard` for each hard resource, sorted, `limits.*` in LIMIT. */
function quotaCells(quota: ResourceQuota): [string, string] {
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const pieces = name.split('.');
    (pieces.length > 1 && pieces[0] === 'limits' ? limit : request).push(`${name}: ${q(used[name])}/${q(hard[name])}`);
  }
  return [request.join(', '), limit.join(', ')];
}

/** The resourcequotas printer. */
export const resourceQuotaPrinter: TablePrinter<ResourceQuota> = {
  columns: [
    nameColumn(),
    ageColumn(),
    column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
  ],
  cells: (quota, now) => [quota.metadata?.name ?? '', age(quota.metadata, now), ...quotaCells(quota)],
};

/** The limitranges printer: kube-apiserver has none for them, so its default NAME and CREATED AT. */
export const limitRangePrinter: TablePrinter<LimitRange> = defaultTablePrinter;
