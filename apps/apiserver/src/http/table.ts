/** Renders objects as `meta.k8s.io/v1 Table` responses for kubectl's human-readable output. */
import { buildTable, type BuildTableOptions, type ApiObject } from '@wheelhouse/api';
import { badRequest } from '../errors.js';
import type { ResourceDef } from '../registry/registry.js';

/** What each row carries: nothing, the object's metadata (default) or the whole object. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Reads the `includeObject` query parameter; throws 400 on an unknown value. */
export function includeObjectOf(v: string | undefined): IncludeObject {
  if (v === undefined || v === '') return 'Metadata';
  if (v === 'None' || v === 'Metadata' || v === 'Object') return v;
  throw badRequest(`includeObject must be one of None, Metadata or Object, got "${v}"`);
}

/** List metadata carried by a Table (as for a List). */
export interface ListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** A Table of `items`, with the resource's printer columns. `columns: false` omits the definitions (later watch events). */
export function renderTable(
  r: ResourceDef,
  items: readonly ApiObject[],
  meta: ListMeta,
  opts: { now: number; include: IncludeObject; columns?: boolean },
): Record<string, unknown> {
  const options: BuildTableOptions = {
    resourceVersion: meta.resourceVersion,
    includeObject: opts.include,
    includeColumns: opts.columns !== false,
  };
  if (meta.continue) options.continue = meta.continue;
  if (meta.remainingItemCount !== undefined) options.remainingItemCount = meta.remainingItemCount;
  return buildTable(r.api.printer, items, new Date(opts.now), options) as unknown as Record<string, unknown>;
}
