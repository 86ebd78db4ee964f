/**
 * Update strategies as data: what the API server does to an object between decoding and
 * storing it, per kind (Kubernetes' rest.BeforeCreate/BeforeUpdate plus each kind's
 * PrepareForCreate/PrepareForUpdate). `prepareForCreate` returns a new object; the update
 * functions take `next` over (the API server's decoded or patched object, its own): they
 * change it in place and return it, so a write copies the object once less. `old` (the stored
 * object, maybe the watch cache's frozen one) is never changed, and nothing of it is shared
 * with the result.
 */
import { deepClone, jsonEqual } from '@wheelhouse/machinery';
import type { ObjectMeta } from '../schema/meta-v1.js';
import { semanticEqual } from '../util/json.js';

/** The shape every stored object has, as far as strategies are concerned. */
export interface KubeObject {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata?: ObjectMeta | undefined;
  [field: string]: unknown;
}

/**
 * A KubeObject whose metadata is present: every object the API server has decoded,
 * stores or serves (and so every object a client reads back). The schemas' types leave
 * `metadata` optional; code past decoding can rely on it.
 */
export interface ApiObject extends KubeObject {
  metadata: ObjectMeta;
}

/** When `metadata.generation` moves: never, on spec changes, or on spec and annotation changes (Deployments). */
export type GenerationPolicy = 'none' | 'spec' | 'specAndAnnotations';

/** Metadata fields a `/status` update may not change (Deployments keep labels, pods keep ownerReferences). */
export type StatusKeptMetadata = 'labels' | 'ownerReferences';

/** What a kind does on create and update. */
export interface UpdateStrategy {
  /** True when the kind has a `/status` subresource (main updates then keep the old status). */
  hasStatusSubresource: boolean;
  generation: GenerationPolicy;
  /** Field paths a main-resource write cannot set (server-side apply's reset fields). */
  resetFields: readonly string[];
  /** Field paths a `/status` write cannot set. */
  statusResetFields: readonly string[];
  /**
   * Prepares a new object for storage. Call after the server assigned `uid` and
   * `creationTimestamp` (Jobs derive their selector from the uid).
   */
  prepareForCreate<T extends KubeObject>(obj: T): T;
  /** Prepares a main-resource update of `old` to `next`: changes `next` in place and returns it. */
  prepareForUpdate<T extends KubeObject>(next: T, old: T): T;
  /**
   * Prepares a `/status` update (only status and non-kept metadata may change): changes
   * `next` in place and returns it.
   */
  prepareForStatusUpdate<T extends KubeObject>(next: T, old: T): T;
}

/** The data a strategy is built from. */
export interface StrategyConfig {
  /** The status a new object starts with (Go's zero value as JSON), or 'keep' to keep the client's (nodes). */
  initialStatus?: (() => Record<string, unknown>) | 'keep';
  generation?: GenerationPolicy;
  statusKeeps?: readonly StatusKeptMetadata[];
  /** Kind-specific create step, run on the copy after the common steps. */
  onCreate?(obj: KubeObject): void;
  /** Kind-specific main-update step, run on `next` after status was restored; must not change `old` or share its parts. */
  onUpdate?(next: KubeObject, old: KubeObject): void;
}

function meta(obj: KubeObject): ObjectMeta {
  return (obj.metadata ??= {});
}

function keepSystemMetadata(next: KubeObject, old: KubeObject): void {
  const n = meta(next);
  const o = old.metadata ?? {};
  if (!n.uid && o.uid) n.uid = o.uid;
  if (o.creationTimestamp) n.creationTimestamp = o.creationTimestamp;
  for (const key of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
    if (o[key] === undefined) delete n[key];
    else (n as Record<string, unknown>)[key] = o[key];
  }
}

function bumpGeneration(next: KubeObject, old: KubeObject, policy: GenerationPolicy): void {
  if (policy === 'none') return;
  const specChanged = !semanticEqual(next.spec, old.spec);
  const annotationsChanged =
    policy === 'specAndAnnotations' && !semanticEqual(next.metadata?.annotations, old.metadata?.annotations);
  if (specChanged || annotationsChanged) meta(next).generation = (old.metadata?.generation ?? 0) + 1;
}

/**
 * Sets `next[field]` to a copy of `old`'s. When `next` already holds an equal value (a status
 * write usually sends back the spec it read), that is kept: the same content, no copy.
 */
function restoreField(next: Record<string, unknown>, value: unknown, field: string): void {
  if (value === undefined) delete next[field];
  else if (!jsonEqual(next[field], value)) next[field] = deepClone(value);
}

function restore(next: KubeObject, old: KubeObject, field: string): void {
  restoreField(next, old[field], field);
}

function restoreMeta(next: KubeObject, old: KubeObject, field: StatusKeptMetadata): void {
  restoreField(
    meta(next) as Record<string, unknown>,
    (old.metadata as Record<string, unknown> | undefined)?.[field],
    field,
  );
}

/** Builds an UpdateStrategy from data. */
export function makeStrategy(config: StrategyConfig): UpdateStrategy {
  const hasStatus = config.initialStatus !== undefined;
  const generation = config.generation ?? 'none';
  const statusKeeps = config.statusKeeps ?? [];
  return {
    hasStatusSubresource: hasStatus,
    generation,
    resetFields: hasStatus ? ['status'] : [],
    statusResetFields: hasStatus ? ['spec', ...statusKeeps.map((f) => `metadata.${f}`)] : [],
    prepareForCreate(obj) {
      const copy = deepClone(obj);
      delete meta(copy).deletionTimestamp;
      delete meta(copy).deletionGracePeriodSeconds;
      if (typeof config.initialStatus === 'function') (copy as KubeObject).status = config.initialStatus();
      if (generation !== 'none') meta(copy).generation = 1;
      config.onCreate?.(copy);
      return copy;
    },
    prepareForUpdate(next, old) {
      keepSystemMetadata(next, old);
      if (hasStatus) restore(next, old, 'status');
      config.onUpdate?.(next, old);
      bumpGeneration(next, old, generation);
      return next;
    },
    prepareForStatusUpdate(next, old) {
      keepSystemMetadata(next, old);
      restore(next, old, 'spec');
      for (const field of statusKeeps) restoreMeta(next, old, field);
      return next;
    },
  };
}
