/**
 * Pruning of unknown fields in custom resources (apiextensions-apiserver's pruning algorithm):
 * fields the structural schema does not specify are dropped, except below
 * x-kubernetes-preserve-unknown-fields and the apiVersion, kind and metadata of the object and
 * of embedded resources. The pruned paths are what kube reports as `unknown field "spec.x"`.
 */
import { deepClone } from '@wheelhouse/machinery';
import type { JSONSchemaProps } from '../schema/apiextensions-v1.js';
import { additionalSchema, isJsonObject, itemsSchema } from './schema-nav.js';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** The result of pruning: the pruned copy and the removed fields' paths, sorted. */
export interface PruneResult<T> {
  object: T;
  /** `spec.x`, `spec.items[0].y`: where fields were dropped, sorted as kube sorts them. */
  unknownFields: string[];
}

class Walk {
  readonly unknown: string[] = [];

  /** `remove` false only lists what pruning would drop. */
  constructor(private readonly remove: boolean) {}

  record(parent: string, key: string): void {
    this.unknown.push(parent === '' ? key : `${parent}.${key}`);
  }

  prune(x: unknown, s: JSONSchemaProps | undefined, path: string): void {
    if (s?.['x-kubernetes-preserve-unknown-fields'] === true) {
      this.skipPrune(x, s, path);
      return;
    }
    if (isJsonObject(x)) this.pruneObject(x, s, path);
    else if (Array.isArray(x))
      x.forEach((v, i) => this.prune(v, s === undefined ? undefined : itemsSchema(s), `${path}[${i}]`));
  }

  private child(path: string, key: string): string {
    return path === '' ? key : `${path}.${key}`;
  }

  private pruneObject(x: Record<string, unknown>, s: JSONSchemaProps | undefined, path: string): void {
    for (const k of Object.keys(x)) {
      if (s === undefined) {
        this.record(path, k);
        if (this.remove) delete x[k];
        continue;
      }
      if (s['x-kubernetes-embedded-resource'] === true && META_FIELDS.has(k)) continue;
      const prop = s.properties?.[k] ?? additionalSchema(s);
      if (prop !== undefined || s.additionalProperties === true) {
        // additionalProperties: true carries no schema: kube prunes below it as below an unknown field.
        this.prune(x[k], prop, this.child(path, k));
        continue;
      }
      if (!META_FIELDS.has(k) || path !== '') this.record(path, k);
      if (this.remove) delete x[k];
    }
  }

  private skipPrune(x: unknown, s: JSONSchemaProps, path: string): void {
    if (isJsonObject(x)) {
      for (const [k, v] of Object.entries(x)) {
        if (s['x-kubernetes-embedded-resource'] === true && META_FIELDS.has(k)) continue;
        const prop = s.properties?.[k] ?? additionalSchema(s);
        if (prop !== undefined) this.prune(v, prop, this.child(path, k));
      }
    } else if (Array.isArray(x)) {
      const items = itemsSchema(s);
      if (items) x.forEach((v, i) => this.skipPrune(v, items, `${path}[${i}]`));
    }
  }
}

/**
 * Prunes a copy of the custom resource `obj` against its version's structural schema.
 * `isResourceRoot` (default true) keeps apiVersion, kind and metadata at the top. Never mutates `obj`.
 */
export function pruneUnknownFields<T>(schema: JSONSchemaProps, obj: T, isResourceRoot = true): PruneResult<T> {
  const copy = deepClone(obj);
  return { object: copy, unknownFields: walkUnknown(schema, copy, isResourceRoot, true) };
}

/**
 * The paths pruneUnknownFields would report for the custom resource `obj`, found without copying
 * or changing it (the check at decoding, before normalization prunes).
 */
export function unknownFieldPaths(schema: JSONSchemaProps, obj: unknown): string[] {
  return walkUnknown(schema, obj, true, false);
}

function walkUnknown(schema: JSONSchemaProps, obj: unknown, isResourceRoot: boolean, remove: boolean): string[] {
  const root = isResourceRoot ? { ...schema, 'x-kubernetes-embedded-resource': true } : schema;
  const walk = new Walk(remove);
  walk.prune(obj, root, '');
  return walk.unknown.sort();
}

/**
 * kube's warning text for a pruned field with fieldValidation=Warn: `unknown field "spec.x"`
 * (with Strict, decode.ts's strictDecodingMessage builds the 400 message from the same paths).
 */
export function unknownFieldWarning(path: string): string {
  return `unknown field ${JSON.stringify(path)}`;
}
