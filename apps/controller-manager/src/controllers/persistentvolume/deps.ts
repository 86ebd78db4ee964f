/** What the persistentvolume-binder reads and writes through, and its small shared writes (phases, events). */
import type { Node, PersistentVolume, PersistentVolumeClaim, StorageClass } from '@wheelhouse/api';
import type { DeepReadonly, EventRecorder, Lister, RestClient, Served } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import type { Logger } from 'pino';

/** A claim as the cache holds it. */
export type CachedClaim = DeepReadonly<Served<PersistentVolumeClaim>>;
/** A volume as the cache holds it. */
export type CachedVolume = DeepReadonly<Served<PersistentVolume>>;

/** The binder's dependencies. */
export interface BinderDeps {
  client: RestClient;
  claims: Lister<Served<PersistentVolumeClaim>>;
  volumes: Lister<Served<PersistentVolume>>;
  classes: Lister<Served<StorageClass>>;
  nodes: Lister<Served<Node>>;
  recorder: EventRecorder;
  log: Logger;
  /** The controller's clock, in ms (lastPhaseTransitionTime). */
  now(): number;
  /** Queues another key of this controller (a volume's claim, a claim's volume). */
  enqueue(key: string): void;
}

/** The work-queue key of a claim. */
export const claimKey = (namespace: string, name: string): string => `pvc:${namespace}/${name}`;
/** The work-queue key of a volume. */
export const volumeKey = (name: string): string => `pv:${name}`;

/** Records an event on a claim. */
export function claimEvent(
  deps: BinderDeps,
  claim: CachedClaim,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): void {
  deps.recorder.event(
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: claim.metadata },
    type,
    reason,
    message,
  );
}

/** Records an event on a volume. */
export function volumeEvent(
  deps: BinderDeps,
  pv: CachedVolume,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): void {
  deps.recorder.event({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: pv.metadata }, type, reason, message);
}

/** Sets a claim's status.phase unless it already has it. */
export async function setClaimPhase(deps: BinderDeps, claim: CachedClaim, phase: string): Promise<void> {
  if (claim.status?.phase === phase) return;
  await deps.client
    .resource('persistentvolumeclaims')
    .patch(
      claim.metadata.name,
      { status: { phase } },
      { namespace: claim.metadata.namespace, type: 'merge', subresource: 'status' },
    );
}

/** Sets a volume's status.phase (and message) unless it already has them. */
export async function setVolumePhase(
  deps: BinderDeps,
  pv: CachedVolume,
  phase: string,
  message?: string,
): Promise<void> {
  if (pv.status?.phase === phase && (pv.status?.message ?? undefined) === message) return;
  const status = {
    phase,
    message: message ?? null,
    lastPhaseTransitionTime: pv.status?.phase === phase ? undefined : formatTime(deps.now()),
  };
  await deps.client
    .resource('persistentvolumes')
    .patch(pv.metadata.name, { status }, { type: 'merge', subresource: 'status' });
}
