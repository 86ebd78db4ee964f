/**
 * LIST: selectors, limit/continue over one consistent snapshot (the first page from the
 * watch cache or the store, later pages from the store at the snapshot's revision), and
 * kube's resourceVersion semantics ("" most recent, "0" any, N NotOlderThan / Exact).
 * A resource the watch cache does not hold (Events) is always read from the store, as
 * kube's etcd3 storage reads it: "0" and "" the latest revision, N the latest if it is not
 * older than N.
 */
import type { ApiObject } from '@wheelhouse/api';
import { ApiError, badRequest, expired, timeout } from '../errors.js';
import type { Kv } from '../storage/kv.js';
import type { ResourceDef } from '../registry/registry.js';
import { param, intParam, type Query } from '../http/request.js';
import { checkResourceVersion } from '../http/query.js';
import { parseFieldSelector, parseLabelSelector } from '../http/selectors.js';
import { decodeObject, resourcePrefix, servedForm, type ObjectStorage } from '../storage/storage.js';
import type { WatchCache } from '../watch/watch-cache.js';
import { selectableFieldsOf } from './selectable-fields.js';
import { decodeContinue, encodeContinue, type ContinuePosition } from './continue-token.js';

/** What a list or watch needs to know to filter objects. */
export interface ObjectFilter {
  /** True when no selector is given (remainingItemCount is only reported then). */
  readonly everything: boolean;
  matches(obj: ApiObject): boolean;
}

/** Builds the filter from `labelSelector` and `fieldSelector`. Throws 400 on bad selectors. */
export function filterOf(r: ResourceDef, q: Query): ObjectFilter {
  const labels = parseLabelSelector(param(q, 'labelSelector'));
  const fields = parseFieldSelector(param(q, 'fieldSelector'), r.fieldNames);
  return {
    everything: labels.empty && fields.empty,
    matches: (o) =>
      labels.matches(o.metadata.labels ?? {}) &&
      (fields.empty || fields.matches(selectableFieldsOf(r.api.selectableFields, o))),
  };
}

/** A page of a list. */
export interface ListResult {
  items: ApiObject[];
  revision: number;
  continue?: string;
  remainingItemCount?: number;
}

/** What the apiserver reads lists from. */
export interface ListSources {
  storage: ObjectStorage;
  cache: WatchCache;
  /** How long a list waits for the cache to catch up before failing / falling back (ms). */
  cacheWaitMs: number;
}

type Candidate = { key: string; obj: ApiObject };

/** How long a consistent list waits for cache events when progress reports are not trusted (ms). */
const UNTRUSTED_WAIT_MS = 250;

/** Takes up to `limit` matches from `items` (sorted by key); says where the next page starts. */
function takePage(
  items: Iterable<Candidate>,
  filter: ObjectFilter,
  limit: number,
): { page: ApiObject[]; lastKey?: string; rest: number; more: boolean } {
  const page: ApiObject[] = [];
  let lastKey: string | undefined;
  let rest = 0;
  let more = false;
  for (const it of items) {
    if (limit > 0 && page.length >= limit) {
      rest++;
      more ||= filter.matches(it.obj);
      continue;
    }
    if (filter.matches(it.obj)) {
      page.push(it.obj);
      lastKey = it.key;
    }
  }
  return { page, lastKey, rest, more };
}

function fromCache(
  src: ListSources,
  r: ResourceDef,
  ns: string | undefined,
  filter: ObjectFilter,
  limit: number,
): ListResult {
  const snap = src.cache.snapshot(r, ns);
  const { page, lastKey, rest, more } = takePage(snap.items, filter, limit);
  const out: ListResult = { items: page, revision: snap.revision };
  if (more && lastKey) {
    out.continue = encodeContinue(`${lastKey}\0`, resourcePrefix(r, ns), snap.revision);
    if (filter.everything) out.remainingItemCount = rest;
  }
  return out;
}

async function fromStore(
  src: Pick<ListSources, 'storage'>,
  r: ResourceDef,
  ns: string | undefined,
  filter: ObjectFilter,
  limit: number,
  at: { rv: number; startKey?: string },
): Promise<ListResult> {
  const items: ApiObject[] = [];
  let revision = Math.max(at.rv, 0);
  let start = at.startKey;
  for (;;) {
    const pg = await src.storage.page(r, ns, {
      revision,
      limit: limit > 0 ? limit - items.length + 1 : 0,
      startKey: start,
    });
    // etcd's header carries the current revision, not the one read at.
    if (revision === 0) revision = pg.revision;
    const cand = pg.kvs.map((kv: Kv) => ({ key: kv.key, obj: servedForm(r, decodeObject(kv)) }));
    const taken = takePage(cand, filter, limit > 0 ? limit - items.length : 0);
    items.push(...taken.page);
    const full = limit > 0 && items.length >= limit;
    if (full && (taken.more || pg.more) && taken.lastKey)
      return withContinue(
        items,
        revision,
        encodeContinue(`${taken.lastKey}\0`, resourcePrefix(r, ns), revision),
        filter.everything ? pg.count - (pg.kvs.length - taken.rest) : undefined,
      );
    if (!pg.more || full || pg.kvs.length === 0) return { items, revision };
    start = `${pg.kvs[pg.kvs.length - 1]!.key}\0`;
  }
}

/** Every object of `r` (in `ns`) that `filter` matches, read from the store at its latest revision. */
export function listFromStore(
  storage: ObjectStorage,
  r: ResourceDef,
  ns: string | undefined,
  filter: ObjectFilter,
): Promise<ListResult> {
  return fromStore({ storage }, r, ns, filter, 0, { rv: 0 });
}

function withContinue(items: ApiObject[], revision: number, token: string, remaining: number | undefined): ListResult {
  const out: ListResult = { items, revision, continue: token };
  if (remaining !== undefined) out.remainingItemCount = remaining;
  return out;
}

async function continued(
  src: ListSources,
  r: ResourceDef,
  ns: string | undefined,
  filter: ObjectFilter,
  limit: number,
  token: string,
): Promise<ListResult> {
  const keyPrefix = resourcePrefix(r, ns);
  const at = decodeContinue(token, keyPrefix);
  // Beyond 2^53 no revision can exist: as a future revision, the snapshot is gone.
  if (at.rv > Number.MAX_SAFE_INTEGER) throw continueExpired(at, keyPrefix);
  try {
    return await fromStore(src, r, ns, filter, limit, at);
  } catch (err) {
    if (err instanceof ApiError && err.reason === 'Expired') throw continueExpired(at, keyPrefix);
    throw err;
  }
}

/**
 * 410 for a continue token whose snapshot is compacted: as kube-apiserver, it carries a
 * token (rv -1) that resumes at the same key on the latest revision, for clients that
 * accept an inconsistent rest of the list.
 */
function continueExpired(at: ContinuePosition, keyPrefix: string): ApiError {
  if (at.rv < 0) return expired(CONTINUE_EXPIRED);
  return expired(INCONSISTENT_CONTINUE, encodeContinue(at.startKey, keyPrefix, -1));
}

const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';
const INCONSISTENT_CONTINUE = `${CONTINUE_EXPIRED.slice(0, -1)}, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.`;

async function notOlderThan(src: ListSources, rv: number): Promise<void> {
  if (await src.cache.waitFor(rv, src.cacheWaitMs)) return;
  throw timeout(`Too large resource version: ${rv}, current: ${src.cache.revision}`);
}

/**
 * Lists objects of `r` (in `ns`, or everywhere) as the query asks. Throws 400 on bad
 * parameters, 410 on an expired continue token or compacted Exact revision, 504 when a
 * requested resourceVersion is not reached in time.
 */
export async function listObjects(
  src: ListSources,
  r: ResourceDef,
  ns: string | undefined,
  q: Query,
): Promise<ListResult> {
  const filter = filterOf(r, q);
  const limit = intParam(q, 'limit') ?? 0;
  const rv = param(q, 'resourceVersion') ?? '';
  const match = param(q, 'resourceVersionMatch') ?? '';
  const token = param(q, 'continue') ?? '';
  checkListParams(rv, match, token);
  if (token) return continued(src, r, ns, filter, limit, token);
  if (!src.cache.caches(r)) return uncached(src, r, ns, filter, limit, rv, match);
  if (rv === '0') return fromCache(src, r, ns, filter, 0);
  if (match === 'Exact') return fromStore(src, r, ns, filter, limit, { rv: Number(rv) });
  if (rv !== '') {
    await notOlderThan(src, Number(rv));
    return fromCache(src, r, ns, filter, limit);
  }
  const current = await src.storage.currentRevision();
  // Without trusted progress reports only events move the cache: wait briefly, then read the store.
  const wait = src.cache.progressReliable ? src.cacheWaitMs : Math.min(src.cacheWaitMs, UNTRUSTED_WAIT_MS);
  if (await src.cache.waitFor(current, wait)) return fromCache(src, r, ns, filter, limit);
  return fromStore(src, r, ns, filter, limit, { rv: 0 });
}

/** A list of a resource the cache does not hold: from the store, as kube's etcd3 storage serves it. */
async function uncached(
  src: ListSources,
  r: ResourceDef,
  ns: string | undefined,
  filter: ObjectFilter,
  limit: number,
  rv: string,
  match: string,
): Promise<ListResult> {
  if (match === 'Exact') return fromStore(src, r, ns, filter, limit, { rv: Number(rv) });
  const out = await fromStore(src, r, ns, filter, limit, { rv: 0 });
  const atLeast = rv === '' ? 0 : Number(rv);
  if (out.revision < atLeast) throw timeout(`Too large resource version: ${atLeast}, current: ${out.revision}`);
  return out;
}

function checkListParams(rv: string, match: string, token: string): void {
  checkResourceVersion(rv);
  if (match !== '' && match !== 'NotOlderThan' && match !== 'Exact')
    throw badRequest(`resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`);
  if (match !== '' && rv === '')
    throw badRequest(
      'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    );
  if (match === 'Exact' && rv === '0')
    throw badRequest(
      'resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
    );
  if (token && rv !== '' && rv !== '0')
    throw badRequest('specifying resource version is not allowed when using continue');
  if (token && match !== '') throw badRequest('resourceVersionMatch is forbidden when continue is provided');
}
