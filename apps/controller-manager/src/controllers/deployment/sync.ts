/**
 * One sync of one Deployment (the state kube's deployment controller threads through a sync):
 * the Deployment as last written, its ReplicaSets, and the writes: ReplicaSet creation and
 * scaling with ScalingReplicaSet events, status updates, history cleanup.
 */
import type { Deployment, Pod, ReplicaSet } from '@wheelhouse/api';
import {
  type DeepReadonly,
  type EventType,
  type Lister,
  OWNER_UID_INDEX,
  type Served,
  isAlreadyExists,
  isNotFound,
  patchIfChanged,
} from '@wheelhouse/client';
import { ORPHAN_INDEX } from '../../informers.js';
import { claimObjects, claimant } from '../../workload/controller-ref.js';
import { controllerRef, messageOf } from '../../workload/pod-control.js';
import type { SyncDeps } from '../../workload/sync-deps.js';
import { computeHash } from '../../workload/template-hash.js';
import { matchesLabels, labelSelectorFromStructured } from '@wheelhouse/machinery';
import { setNewReplicaSetAnnotations, setReplicasAnnotations } from './annotations.js';
import {
  FAILED_RS_CREATE_REASON,
  FOUND_NEW_RS_REASON,
  NEW_RS_REASON,
  PROGRESSING,
  getCondition,
  hasProgressDeadline,
  newCondition,
  setCondition,
} from './conditions.js';
import {
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  type RS,
  byRevision,
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  maxRevision,
  replicasOf,
} from './replica-sets.js';
import { desiredReplicas, maxSurge, newRSNewReplicas, planScale } from './rollout-math.js';

/** What a Deployment sync reads and writes through. */
export interface DeploymentDeps extends SyncDeps {
  replicaSets: Lister<Served<ReplicaSet>>;
  pods: Lister<Served<Pod>>;
}

/** The state of one sync; see the module comment. */
export class DeploymentSync {
  /** The Deployment as the server last returned it. */
  private base: DeepReadonly<Served<Deployment>>;
  /** The working copy: status and revision annotation are changed here, then written. */
  d: Served<Deployment>;
  /** The Deployment's ReplicaSets (after {@link claimReplicaSets}), kept current with this sync's writes. */
  replicaSets: RS[] = [];

  /** Starts from the cached Deployment. */
  constructor(
    readonly deps: DeploymentDeps,
    cached: DeepReadonly<Served<Deployment>>,
  ) {
    this.base = cached;
    this.d = structuredClone(cached) as Served<Deployment>;
  }

  /** The clock's time (ms). */
  now(): number {
    return this.deps.clock.now();
  }

  /** Records an event on the Deployment. */
  event(type: EventType, reason: string, message: string): void {
    const subject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: this.d.metadata };
    this.deps.recorder.event(subject, type, reason, message);
  }

  /** Writes the working copy's status (and revision annotation) unless unchanged. */
  async writeStatus(): Promise<void> {
    const written = await patchIfChanged(this.deps.client.resource('deployments'), this.base, this.d, {
      subresource: 'status',
    });
    if (!written) return;
    this.base = written;
    this.d = structuredClone(written);
  }

  /** The ReplicaSets the Deployment owns after adopting matching orphans and releasing the rest (kube's getReplicaSetsForDeployment). */
  async claimReplicaSets(): Promise<RS[]> {
    const { metadata } = this.base;
    const candidates = [
      ...this.deps.replicaSets.byIndex(OWNER_UID_INDEX, metadata.uid),
      ...this.deps.replicaSets.byIndex(ORPHAN_INDEX, metadata.namespace ?? ''),
    ];
    const selector = labelSelectorFromStructured(this.base.spec?.selector);
    const ref = controllerRef(this.base, 'apps/v1', 'Deployment');
    const who = claimant(this.base, ref, this.deps.client.resource('deployments'));
    const rsClient = this.deps.client.resource('replicasets');
    const matches = (rs: RS): boolean => matchesLabels(selector, rs.metadata.labels);
    const { claimed, error } = await claimObjects(who, candidates, matches, rsClient);
    if (error !== undefined) throw error;
    this.replicaSets = claimed;
    return claimed;
  }

  /** Pods of each ReplicaSet, by the ReplicaSet's uid (kube's getPodMapForDeployment). */
  podMap(list: readonly RS[]): Map<string, DeepReadonly<Served<Pod>>[]> {
    const map = new Map<string, DeepReadonly<Served<Pod>>[]>();
    for (const rs of list) {
      const pods = this.deps.pods.byIndex(OWNER_UID_INDEX, rs.metadata.uid);
      map.set(
        rs.metadata.uid,
        pods.filter((p) => p.metadata.ownerReferences?.some((r) => r.controller && r.uid === rs.metadata.uid)),
      );
    }
    return map;
  }

  /**
   * The new ReplicaSet (created when `create` and missing) with its revision brought up to
   * date, and all the old ones (kube's getAllReplicaSetsAndSyncRevision).
   */
  async newAndOld(create: boolean): Promise<{ newRS: RS | undefined; oldRSs: RS[] }> {
    const list = this.replicaSets;
    const oldRSs = findOldReplicaSets(this.d, list);
    const existing = findNewReplicaSet(this.d, list);
    const revision = maxRevision(oldRSs) + 1;
    if (existing) return { newRS: await this.syncExistingNewRS(existing, revision), oldRSs };
    if (!create) return { newRS: undefined, oldRSs };
    return { newRS: await this.createNewRS(oldRSs, revision), oldRSs };
  }

  private setDeploymentRevision(revision: string | undefined): boolean {
    if (revision === undefined) return false;
    const annotations = (this.d.metadata.annotations ??= {});
    if (annotations[REVISION_ANNOTATION] === revision) return false;
    annotations[REVISION_ANNOTATION] = revision;
    return true;
  }

  private async syncExistingNewRS(existing: RS, revision: number): Promise<RS> {
    const copy = structuredClone(existing) as Served<ReplicaSet>;
    const annotationsChanged = setNewReplicaSetAnnotations(this.d, copy, revision, true);
    const minReady = this.d.spec?.minReadySeconds ?? 0;
    if (annotationsChanged || (copy.spec?.minReadySeconds ?? 0) !== minReady) {
      copy.spec = { ...copy.spec, minReadySeconds: minReady };
      return this.writeReplicaSet(existing, copy);
    }
    let needsUpdate = this.setDeploymentRevision(existing.metadata.annotations?.[REVISION_ANNOTATION]);
    if (hasProgressDeadline(this.d) && !getCondition(this.d.status, PROGRESSING)) {
      const msg = `Found new replica set "${existing.metadata.name}"`;
      setCondition((this.d.status ??= {}), newCondition(PROGRESSING, 'True', FOUND_NEW_RS_REASON, msg, this.now()));
      needsUpdate = true;
    }
    if (needsUpdate) await this.writeStatus();
    return existing;
  }

  /** The ReplicaSet kube's getNewReplicaSet would create: named and labelled by the template hash, sized by the strategy. */
  private newReplicaSetFor(oldRSs: readonly RS[], revision: number): Served<ReplicaSet> {
    const d = this.d;
    const hash = computeHash(d.spec?.template, d.status?.collisionCount);
    const template = structuredClone(d.spec?.template ?? {});
    const labels = { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    template.metadata = { ...template.metadata, labels };
    const selector = structuredClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const minReady = d.spec?.minReadySeconds ?? 0;
    const rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        ownerReferences: [controllerRef(d, 'apps/v1', 'Deployment')],
        labels,
      },
      spec: { replicas: 0, ...(minReady ? { minReadySeconds: minReady } : {}), selector, template },
    } as unknown as Served<ReplicaSet>;
    rs.spec!.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
    setNewReplicaSetAnnotations(d, rs, revision, false);
    return rs;
  }

  private async createNewRS(oldRSs: readonly RS[], revision: number): Promise<RS> {
    const rs = this.newReplicaSetFor(oldRSs, revision);
    const name = rs.metadata.name;
    let created: RS;
    let alreadyExisted = false;
    try {
      created = await this.deps.client.resource('replicasets').create(rs, { namespace: rs.metadata.namespace! });
    } catch (err) {
      if (isAlreadyExists(err)) {
        created = await this.adoptCollision(name, err);
        alreadyExisted = true;
      } else {
        await this.failedCreate(name, err);
        throw err;
      }
    }
    if (!this.replicaSets.some((r) => r.metadata.uid === created.metadata.uid)) this.replicaSets.push(created);
    const size = replicasOf(created);
    if (!alreadyExisted && size > 0)
      this.event('Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${size}`);
    let needsUpdate = this.setDeploymentRevision(String(revision));
    if (!alreadyExisted && hasProgressDeadline(this.d)) {
      const msg = `Created new replica set "${name}"`;
      setCondition((this.d.status ??= {}), newCondition(PROGRESSING, 'True', NEW_RS_REASON, msg, this.now()));
      needsUpdate = true;
    }
    if (needsUpdate) await this.writeStatus();
    return created;
  }

  /** A ReplicaSet of the wanted name exists: ours with our template is fine; else count a hash collision and retry. */
  private async adoptCollision(name: string, err: unknown): Promise<RS> {
    const existing = this.deps.replicaSets.get(name, this.d.metadata.namespace);
    const ref = existing?.metadata.ownerReferences?.find((r) => r.controller);
    if (existing && ref?.uid === this.d.metadata.uid && equalIgnoreHash(this.d.spec?.template, existing.spec?.template))
      return existing;
    const status = (this.d.status ??= {});
    status.collisionCount = (status.collisionCount ?? 0) + 1;
    this.deps.log.info({ deployment: name, collisionCount: status.collisionCount }, 'replica set name collision');
    await this.writeStatus();
    throw err;
  }

  private async failedCreate(name: string, err: unknown): Promise<void> {
    const msg = `Failed to create new replica set "${name}": ${messageOf(err)}`;
    if (hasProgressDeadline(this.d)) {
      setCondition(
        (this.d.status ??= {}),
        newCondition(PROGRESSING, 'False', FAILED_RS_CREATE_REASON, msg, this.now()),
      );
      await this.writeStatus();
    }
    this.event('Warning', FAILED_RS_CREATE_REASON, msg);
  }

  private async writeReplicaSet(cached: RS, next: ReplicaSet): Promise<RS> {
    // A merge patch of the changed fields (replicas, annotations): the ReplicaSet controller's
    // status writes in between do not make it conflict, as a whole-object update would.
    const written = await patchIfChanged(this.deps.client.resource('replicasets'), cached, next);
    if (!written) return cached;
    this.replicaSets = this.replicaSets.map((r) => (r.metadata.uid === written.metadata.uid ? written : r));
    return written;
  }

  /**
   * Sets `rs` to `size` replicas and the replicas annotations to the Deployment's; records
   * ScalingReplicaSet when the size changed (kube's scaleReplicaSet).
   */
  async scaleReplicaSet(rs: RS, size: number): Promise<{ scaled: boolean; rs: RS }> {
    const old = replicasOf(rs);
    const copy = structuredClone(rs) as Served<ReplicaSet>;
    const want = desiredReplicas(this.d);
    const annotationsChanged = setReplicasAnnotations(copy, want, want + maxSurge(this.d));
    if (old === size && !annotationsChanged) return { scaled: false, rs };
    copy.spec = { ...copy.spec, replicas: size };
    const written = await this.writeReplicaSet(rs, copy);
    if (old === size) return { scaled: false, rs: written };
    const op = old < size ? 'up' : 'down';
    this.event('Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${rs.metadata.name} from ${old} to ${size}`);
    return { scaled: true, rs: written };
  }

  /** {@link scaleReplicaSet} unless `rs` already has `size` replicas (kube's scaleReplicaSetAndRecordEvent). */
  async scaleAndRecord(rs: RS, size: number): Promise<{ scaled: boolean; rs: RS }> {
    if (replicasOf(rs) === size) return { scaled: false, rs };
    return this.scaleReplicaSet(rs, size);
  }

  /** Applies a scaling event (see planScale). */
  async scale(newRS: RS | undefined, oldRSs: readonly RS[]): Promise<void> {
    const { steps, proportional } = planScale(this.d, newRS, oldRSs);
    for (const { rs, size } of steps) {
      if (proportional) await this.scaleReplicaSet(rs, size);
      else await this.scaleAndRecord(rs, size);
    }
  }

  /** Deletes the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit (kube's cleanupDeployment). */
  async cleanup(oldRSs: readonly RS[]): Promise<void> {
    const limit = this.d.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === 2 ** 31 - 1) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp).sort(byRevision);
    const diff = cleanable.length - limit;
    for (const rs of cleanable.slice(0, Math.max(0, diff))) {
      const busy = (rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0;
      if (busy || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        await this.deps.client.resource('replicasets').delete(rs.metadata.name, { namespace: rs.metadata.namespace! });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }
}
