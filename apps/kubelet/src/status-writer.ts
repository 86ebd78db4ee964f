import type { DeepReadonly, HasMetadata, ResourceClient } from '@wheelhouse/client';
import {
  defaultPatchStrategies,
  jsonEqual,
  strategicMergePatch,
  type JsonObject,
  type ReadonlyJsonObject,
} from '@wheelhouse/machinery';
import { completeConditions } from './conditions.js';

type WithStatus = HasMetadata & { status?: unknown };

/**
 * The status `obj` would have after the strategic merge `patch` of its status, and the patch
 * to send for it (conditions completed by {@link completeConditions}).
 */
export function mergeStatus(
  obj: DeepReadonly<WithStatus>,
  kind: 'Pod' | 'Node',
  patch: Record<string, unknown>,
): { status: JsonObject; patch: JsonObject } {
  const old = (obj.status ?? {}) as ReadonlyJsonObject;
  const full = { ...patch } as JsonObject;
  if (Array.isArray(patch['conditions']))
    full['conditions'] = completeConditions(
      old['conditions'] as unknown[] | undefined,
      patch['conditions'],
    ) as JsonObject[];
  const merged = strategicMergePatch({ status: old }, { status: full }, defaultPatchStrategies(kind));
  return { status: (merged['status'] ?? {}) as JsonObject, patch: full };
}

/**
 * The strategic merge of `patch` into the status of `obj` (see {@link mergeStatus}), or
 * undefined when it would change nothing (kwok's and the kubelet's no-op check).
 */
export function statusChange(
  obj: DeepReadonly<WithStatus>,
  kind: 'Pod' | 'Node',
  patch: Record<string, unknown>,
): { status: JsonObject; patch: JsonObject } | undefined {
  const next = mergeStatus(obj, kind, patch);
  return jsonEqual(next.status, obj.status ?? {}) ? undefined : next;
}

/**
 * Sends `patch`, a strategic merge patch of the object (its `status`, and for a pod its
 * `metadata.uid` as a precondition), through the status subresource; resolves the new
 * resourceVersion. Rejects with the server's ApiError.
 */
export async function sendStatus<T>(
  client: ResourceClient<T>,
  obj: DeepReadonly<WithStatus>,
  patch: JsonObject,
): Promise<string | undefined> {
  // Only the new resourceVersion is needed: the metadata alone comes back, not the whole object.
  const written = await client.patchForMetadata(obj.metadata.name ?? '', patch, {
    type: 'strategic',
    subresource: 'status',
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
  });
  return written.metadata.resourceVersion;
}

/**
 * Writes a status change through the status subresource as a strategic merge patch, unless
 * it would change nothing (kwok's and the kubelet's no-op check): resolves the new
 * resourceVersion, or undefined when no request was sent. Rejects with the server's ApiError.
 * The one place the kubelet writes status; swap it for the controller runtime's status writer.
 */
export async function writeStatusIfChanged<T>(
  client: ResourceClient<T>,
  obj: DeepReadonly<WithStatus>,
  kind: 'Pod' | 'Node',
  patch: Record<string, unknown>,
): Promise<string | undefined> {
  const next = statusChange(obj, kind, patch);
  return next ? sendStatus(client, obj, { status: next.patch }) : undefined;
}
