/**
 * Creating and deleting a controller's pods with the events kube-controller-manager records
 * (kube's RealPodControl): SuccessfulCreate "Created pod: NAME", FailedCreate "Error creating:
 * ERR", SuccessfulDelete "Deleted pod: NAME", FailedDelete "Error deleting: ERR".
 */
import type { OwnerReference, Pod, PodTemplateSpec } from '@wheelhouse/api';
import {
  type DeepReadonly,
  type EventRecorder,
  type EventSubject,
  type RestClient,
  type Served,
  isNotFound,
} from '@wheelhouse/client';
import { deepClone, nameIsDNSSubdomain } from '@wheelhouse/machinery';

/** The object a pod is created for: names the pods and is the subject of the events. */
export type PodOwner = EventSubject & { metadata: { name?: string; namespace?: string } };

/** A controller reference to `owner` (kube's NewControllerRef): controller and blockOwnerDeletion set. */
export function controllerRef(
  owner: DeepReadonly<{ metadata: { name?: string; uid?: string } }>,
  apiVersion: string,
  kind: string,
): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The generateName of pods of `ownerName`: "NAME-", or the bare name when that is not a valid prefix. */
export function podNamePrefix(ownerName: string): string {
  const prefix = `${ownerName}-`;
  return nameIsDNSSubdomain(prefix, true).length === 0 ? prefix : ownerName;
}

/**
 * The pod a controller creates from `template` (kube's GetPodFromTemplate): the template's
 * labels, annotations, finalizers and spec, named by the server from `generateName`, owned by
 * `ref`. The template is copied, never changed.
 */
export function podFromTemplate(
  template: DeepReadonly<PodTemplateSpec> | undefined,
  namespace: string,
  generateName: string,
  ref: OwnerReference,
): Pod {
  const t = deepClone(template ?? {}) as PodTemplateSpec;
  const meta = t.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace,
      generateName,
      ...(meta.labels ? { labels: meta.labels } : {}),
      ...(meta.annotations ? { annotations: meta.annotations } : {}),
      ...(meta.finalizers ? { finalizers: meta.finalizers } : {}),
      ownerReferences: [ref],
    },
    spec: t.spec ?? { containers: [] },
  };
}

/** True when `err` says the namespace is being deleted (kube's NamespaceTerminatingCause). */
export function isNamespaceTerminating(err: unknown): boolean {
  // StatusCause's Go field Type is `reason` on the wire.
  const causes = (err as { details?: { causes?: { reason?: string }[] } } | undefined)?.details?.causes;
  return Array.isArray(causes) && causes.some((c) => c.reason === 'NamespaceTerminating');
}

/** The message of a thrown value: an Error's message, else its string form. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Creates and deletes pods for one controller kind, recording kube's events on the owner. */
export class PodControl {
  /** Writes through `client`; records with `recorder`. */
  constructor(
    private readonly client: RestClient,
    private readonly recorder: EventRecorder,
  ) {}

  /** Creates `pod`; records SuccessfulCreate, or FailedCreate and rethrows the server's error. */
  async create(owner: PodOwner, pod: Pod): Promise<Served<Pod>> {
    try {
      const created = await this.client.resource('pods').create(pod, { namespace: pod.metadata!.namespace! });
      this.recorder.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
      return created;
    } catch (err) {
      if (!isNamespaceTerminating(err))
        this.recorder.event(owner, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
      throw err;
    }
  }

  /**
   * Deletes pod `name`; records SuccessfulDelete, or FailedDelete and rethrows (a NotFound is
   * rethrown without an event: the pod is already gone).
   */
  async delete(owner: PodOwner, namespace: string, name: string): Promise<void> {
    try {
      await this.client.resource('pods').delete(name, { namespace });
    } catch (err) {
      if (!isNotFound(err)) this.recorder.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
      throw err;
    }
    this.recorder.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
  }
}
