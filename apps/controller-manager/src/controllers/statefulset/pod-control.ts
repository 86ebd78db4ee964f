/**
 * Creating, updating and deleting a StatefulSet's pods with kube's StatefulPodControl events:
 * SuccessfulCreate "create Pod web-0 in StatefulSet web successful", FailedCreate "create Pod
 * web-0 in StatefulSet web failed error: ERR", and the same for delete and update.
 */
import type { Pod } from '@wheelhouse/api';
import { type EventRecorder, type RestClient, isAlreadyExists, isNotFound } from '@wheelhouse/client';
import { messageOf } from '../../workload/pod-control.js';
import type { StatefulClaimControl } from './claims.js';
import { type CachedStatefulSet, parentAndOrdinal } from './identity.js';

/** Pod writes of the StatefulSet controller. */
export class StatefulPodControl {
  /** Writes through `client`, records with `recorder`. */
  constructor(
    private readonly client: RestClient,
    private readonly recorder: EventRecorder,
    private readonly claims?: StatefulClaimControl,
  ) {}

  private record(verb: 'Create' | 'Delete' | 'Update', set: CachedStatefulSet, pod: string, err?: unknown): void {
    const subject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: set.metadata };
    const what = `${verb.toLowerCase()} Pod ${pod} in StatefulSet ${set.metadata.name}`;
    if (err === undefined) this.recorder.event(subject, 'Normal', `Successful${verb}`, `${what} successful`);
    else this.recorder.event(subject, 'Warning', `Failed${verb}`, `${what} failed error: ${messageOf(err)}`);
  }

  /** Creates the pod's missing claims, then the pod; an AlreadyExists is rethrown without an event. */
  async create(set: CachedStatefulSet, pod: Pod): Promise<void> {
    const name = pod.metadata!.name!;
    await this.claims?.createMissing(set, name, parentAndOrdinal(pod).ordinal);
    try {
      await this.client.resource('pods').create(pod, { namespace: pod.metadata!.namespace! });
    } catch (err) {
      if (!isAlreadyExists(err)) this.record('Create', set, name, err);
      throw err;
    }
    this.record('Create', set, name);
  }

  /** Deletes the pod; a NotFound counts as done. */
  async delete(set: CachedStatefulSet, namespace: string, name: string): Promise<void> {
    try {
      await this.client.resource('pods').delete(name, { namespace });
    } catch (err) {
      if (isNotFound(err)) return;
      this.record('Delete', set, name, err);
      throw err;
    }
    this.record('Delete', set, name);
  }

  /** Restores the identity labels of a pod (a strategic merge patch of its labels). */
  async updateLabels(
    set: CachedStatefulSet,
    namespace: string,
    name: string,
    labels: Record<string, string>,
  ): Promise<void> {
    try {
      await this.client.resource('pods').patch(name, { metadata: { labels } }, { namespace, type: 'strategic' });
    } catch (err) {
      this.record('Update', set, name, err);
      throw err;
    }
    this.record('Update', set, name);
  }
}
