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
  const next = mergeStatus(obj, kind, patch);
  if (jsonEqual(next.status, obj.status ?? {})) return undefined;
  const written = await client.patch(
    obj.metadata.name ?? '',
    { status: next.patch },
    {
      type: 'strategic',
      subresource: 'status',
      ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
    },
  );
  return written.metadata.resourceVersion;
}
