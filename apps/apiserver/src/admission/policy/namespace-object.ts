/** The `namespaceObject` of a policy evaluation: the namespace trimmed as kube's CreateNamespaceObject trims it. */
import type { ApiObject } from '@wheelhouse/api';

const KEPT_METADATA = [
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'finalizers',
] as const;

/** The namespace's metadata (without managedFields, ownerReferences, ...), spec and status; null without one. */
export function namespaceObject(ns: ApiObject | undefined): Record<string, unknown> | null {
  if (!ns) return null;
  const metadata: Record<string, unknown> = {};
  for (const key of KEPT_METADATA) if (ns.metadata[key] !== undefined) metadata[key] = ns.metadata[key];
  return { metadata, spec: ns.spec ?? {}, status: ns.status ?? {} };
}
