/**
 * A StatefulSet's revisions (kube's getStatefulSetRevisions, history.NewControllerRevision and
 * truncateHistory): a revision is a patch replacing spec.template, named `<set>-<hash>` where
 * the hash is FNV-1 over the patch's JSON and the collision count; an equal older revision is
 * reused with a new number (a rollback), and history beyond revisionHistoryLimit is deleted
 * unless a pod or the current/update revision uses it.
 */
import type { ControllerRevision, PodTemplateSpec } from '@wheelhouse/api';
import { type DeepReadonly, type RestClient, isAlreadyExists, isNotFound, patchIfChanged } from '@wheelhouse/client';
import { type Revision, byRevisionNumber } from '../../workload/history.js';
import { controllerRef } from '../../workload/pod-control.js';
import type { CachedPod } from '../../workload/pod-status.js';
import { fnv32, goJson, safeEncodeString } from '../../workload/template-hash.js';
import { type CachedStatefulSet, podRevision } from './identity.js';

/** The label with the revision's hash (kube's history.ControllerRevisionHashLabel). */
export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

/** The revision data of the set's template: a strategic patch replacing spec.template. */
export function templatePatch(set: CachedStatefulSet): Record<string, unknown> {
  return { spec: { template: { ...structuredClone(set.spec?.template ?? {}), $patch: 'replace' } } };
}

/** The template a revision holds (kube's ApplyRevision, for the template). */
export function templateOf(rev: Revision): DeepReadonly<PodTemplateSpec> | undefined {
  const t = (rev.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template;
  if (!t) return undefined;
  const { $patch: _patch, ...template } = t;
  return template as DeepReadonly<PodTemplateSpec>;
}

/** kube's HashControllerRevision: FNV-1 over the data's JSON, then the collision count in decimal. */
export function revisionHash(data: unknown, collisionCount: number | undefined): string {
  const enc = new TextEncoder();
  let h = fnv32(enc.encode(goJson(data)));
  if (collisionCount !== undefined) h = fnv32(enc.encode(String(collisionCount)), h);
  return safeEncodeString(String(h));
}

function newRevision(set: CachedStatefulSet, revision: number, collisionCount: number): ControllerRevision {
  const data = templatePatch(set);
  const hash = revisionHash(data, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${set.metadata.name.slice(0, 223)}-${hash}`,
      namespace: set.metadata.namespace ?? '',
      labels: { ...(set.spec?.template?.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
      ...(set.metadata.annotations ? { annotations: { ...set.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(set, 'apps/v1', 'StatefulSet')],
    },
    data,
    revision,
  };
}

function equalRevision(a: DeepReadonly<ControllerRevision>, b: DeepReadonly<ControllerRevision>): boolean {
  const [ha, hb] = [a.metadata?.labels?.[REVISION_HASH_LABEL], b.metadata?.labels?.[REVISION_HASH_LABEL]];
  if (ha && hb && ha !== hb) return false;
  return goJson(a.data ?? null) === goJson(b.data ?? null);
}

/** Creates `rev`, raising the collision count while a different revision holds the name. */
async function createRevision(
  client: RestClient,
  set: CachedStatefulSet,
  rev: ControllerRevision,
  collisionCount: { value: number },
): Promise<Revision> {
  const revisions = client.resource('controllerrevisions');
  const ns = set.metadata.namespace ?? '';
  for (;;) {
    const hash = revisionHash(rev.data, collisionCount.value);
    const attempt = structuredClone(rev);
    attempt.metadata!.name = `${set.metadata.name.slice(0, 223)}-${hash}`;
    attempt.metadata!.labels = { ...attempt.metadata!.labels, [REVISION_HASH_LABEL]: hash };
    try {
      return await revisions.create(attempt, { namespace: ns });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const existing = await revisions.get(attempt.metadata!.name!, { namespace: ns });
      if (goJson(existing.data ?? null) === goJson(attempt.data ?? null)) return existing;
      collisionCount.value++;
    }
  }
}

/** The current and update revisions and the collision count (kube's getStatefulSetRevisions); `revisions` sorted by number. */
export async function statefulSetRevisions(
  client: RestClient,
  set: CachedStatefulSet,
  revisions: readonly Revision[],
): Promise<{ current: Revision; update: Revision; collisionCount: number }> {
  const collisionCount = { value: set.status?.collisionCount ?? 0 };
  const last = revisions.at(-1);
  const next = (last?.revision ?? 0) + 1;
  const wanted = newRevision(set, next, collisionCount.value);
  const equal = revisions.filter((r) => equalRevision(r, wanted));
  let update: Revision;
  if (equal.length > 0 && last && equalRevision(last, equal.at(-1)!)) update = last;
  else if (equal.length > 0) {
    const prior = equal.at(-1)!;
    update =
      (await patchIfChanged(client.resource('controllerrevisions'), prior, { ...prior, revision: next })) ?? prior;
  } else update = await createRevision(client, set, wanted, collisionCount);
  const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount: collisionCount.value };
}

/** Deletes the oldest revisions beyond revisionHistoryLimit (default 10) that nothing uses (kube's truncateHistory). */
export async function truncateHistory(
  client: RestClient,
  set: CachedStatefulSet,
  pods: readonly CachedPod[],
  revisions: readonly Revision[],
  current: Revision,
  update: Revision,
): Promise<void> {
  const live = new Set([current.metadata.name, update.metadata.name, ...pods.map(podRevision)]);
  const history = [...revisions].sort(byRevisionNumber).filter((r) => !live.has(r.metadata.name));
  const excess = history.length - (set.spec?.revisionHistoryLimit ?? 10);
  for (const rev of history.slice(0, Math.max(0, excess))) {
    try {
      await client
        .resource('controllerrevisions')
        .delete(rev.metadata.name, { namespace: rev.metadata.namespace ?? '' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
