import { type ParsedLabelSelector, matchesLabels, parseLabelSelector } from '@wheelhouse/machinery';
import { ClientError } from './errors.js';
import type { ObjectWithMetadata } from '@wheelhouse/api';
import { type DeepReadonly, deepFreeze, objectKey } from './object.js';

/** Maps an object to the values it is indexed under (e.g. its namespace, its node name). */
export type IndexFunc<T> = (obj: DeepReadonly<T>) => string[];

/** The name of the index every {@link Indexer} has: objects by namespace. */
export const NAMESPACE_INDEX = 'namespace';

/** Indexes namespaced objects by namespace; cluster-scoped ones are not indexed. */
export function namespaceIndexFunc(obj: DeepReadonly<ObjectWithMetadata>): string[] {
  return obj.metadata.namespace ? [obj.metadata.namespace] : [];
}

/**
 * client-go's thread-safe store with indexes: objects by key ("namespace/name"), plus named
 * secondary indexes. Stored objects are deep-frozen: callers get read-only views and must
 * copy (structuredClone) before changing anything. Only the informer writes to it.
 */
export class Indexer<T extends ObjectWithMetadata> {
  private readonly items = new Map<string, DeepReadonly<T>>();
  private readonly indexFuncs: ReadonlyMap<string, IndexFunc<T>>;
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  /** `indexers` adds to the built-in namespace index; a name clash throws InvalidOption. */
  constructor(indexers: Record<string, IndexFunc<T>> = {}) {
    if (NAMESPACE_INDEX in indexers) {
      throw new ClientError('InvalidOption', { option: 'indexers', problem: `"${NAMESPACE_INDEX}" is built in` });
    }
    this.indexFuncs = new Map(Object.entries({ [NAMESPACE_INDEX]: namespaceIndexFunc as IndexFunc<T>, ...indexers }));
    for (const name of this.indexFuncs.keys()) this.indices.set(name, new Map());
  }

  /** Inserts or replaces `obj` (frozen in place) under its key; returns the previous object. */
  upsert(obj: T): DeepReadonly<T> | undefined {
    const key = objectKey(obj);
    const frozen = deepFreeze(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, frozen);
    this.index(key, frozen);
    return old;
  }

  /** Removes the object stored under `key`; returns it. */
  remove(key: string): DeepReadonly<T> | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  /** Replaces the whole content with `objs`. */
  replace(objs: T[]): void {
    this.items.clear();
    for (const index of this.indices.values()) index.clear();
    for (const obj of objs) this.upsert(obj);
  }

  /** The object stored under `key` ("namespace/name" or "name"). */
  getByKey(key: string): DeepReadonly<T> | undefined {
    return this.items.get(key);
  }

  /** Every stored object, in no particular order. */
  list(): DeepReadonly<T>[] {
    return [...this.items.values()];
  }

  /** Every stored key. */
  listKeys(): string[] {
    return [...this.items.keys()];
  }

  /** Objects indexed under `value` in index `name`; throws InvalidOption for an unknown index. */
  byIndex(name: string, value: string): DeepReadonly<T>[] {
    return this.indexKeys(name, value).map((k) => this.items.get(k)!);
  }

  /** Keys indexed under `value` in index `name`; throws InvalidOption for an unknown index. */
  indexKeys(name: string, value: string): string[] {
    const index = this.indices.get(name);
    if (!index) throw new ClientError('InvalidOption', { option: 'index', problem: `index "${name}" does not exist` });
    return [...(index.get(value) ?? [])];
  }

  private index(key: string, obj: DeepReadonly<T>): void {
    for (const [name, fn] of this.indexFuncs) {
      const index = this.indices.get(name)!;
      const values = fn(obj);
      // Most index functions return one value; only several can hold duplicates.
      for (const v of values.length > 1 ? new Set(values) : values) {
        let keys = index.get(v);
        if (!keys) index.set(v, (keys = new Set()));
        keys.add(key);
      }
    }
  }

  private unindex(key: string, obj: DeepReadonly<T>): void {
    for (const [name, fn] of this.indexFuncs) {
      const index = this.indices.get(name)!;
      for (const v of fn(obj)) {
        const keys = index.get(v);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(v);
      }
    }
  }
}

/** Read access to an informer's cache (client-go's listers). Results are frozen: copy before changing. */
export interface Lister<T extends ObjectWithMetadata> {
  /** The object named `name` in `namespace` (omit it for cluster-scoped objects). */
  get(name: string, namespace?: string): DeepReadonly<T> | undefined;
  /**
   * Objects in `namespace` (all namespaces if omitted) matching `labelSelector` (kubectl's
   * syntax, e.g. "app=web,tier notin (db)", or parsed) and `selector`; both default to all.
   * A malformed selector string throws the MachineryError of its parser.
   */
  list(options?: ListFilter<T>): DeepReadonly<T>[];
  /** Objects indexed under `value` in the index `name`; throws InvalidOption for an unknown index. */
  byIndex(name: string, value: string): DeepReadonly<T>[];
}

/** What {@link Lister.list} filters by. */
export interface ListFilter<T> {
  namespace?: string;
  labelSelector?: string | ParsedLabelSelector;
  selector?: (obj: DeepReadonly<T>) => boolean;
}

function filterFor<T extends ObjectWithMetadata>({
  labelSelector,
  selector,
}: ListFilter<T>): ((obj: DeepReadonly<T>) => boolean) | undefined {
  if (labelSelector === undefined) return selector;
  const parsed = typeof labelSelector === 'string' ? parseLabelSelector(labelSelector) : labelSelector;
  return (obj) => matchesLabels(parsed, obj.metadata.labels) && (!selector || selector(obj));
}

/** A {@link Lister} reading from `indexer`. */
export function listerFor<T extends ObjectWithMetadata>(indexer: Indexer<T>): Lister<T> {
  return {
    get: (name, namespace) => indexer.getByKey(namespace ? `${namespace}/${name}` : name),
    list: (filter = {}) => {
      const { namespace } = filter;
      const objs = namespace === undefined ? indexer.list() : indexer.byIndex(NAMESPACE_INDEX, namespace);
      const keep = filterFor(filter);
      return keep ? objs.filter(keep) : objs;
    },
    byIndex: (name, value) => indexer.byIndex(name, value),
  };
}
