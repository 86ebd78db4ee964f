/**
 * kubectl's rollout status texts for deployments, stateful sets and daemon sets: one
 * message per state, `done` once the rollout finished; a failed rollout throws.
 */
import { KubectlError } from './errors.js';
import type { KubeObject } from './objects.js';

/** What a status check says: the message to print, and whether the rollout is done. */
export interface RolloutState {
  message: string;
  done: boolean;
}

/** The fields the viewers read. */
export interface Workload extends KubeObject {
  spec?: {
    replicas?: number;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    readyReplicas?: number;
    currentReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    conditions?: Array<{ type: string; reason?: string }>;
  };
}

const waiting = (message: string): RolloutState => ({ message, done: false });

/** Deployment: kubectl's DeploymentStatusViewer. */
export function deploymentStatus(d: Workload): RolloutState {
  const name = d.metadata?.name ?? '';
  const st = d.status ?? {};
  if ((d.metadata?.generation ?? 0) > (st.observedGeneration ?? 0))
    return waiting('Waiting for deployment spec update to be observed...\n');
  if (st.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded'))
    throw new KubectlError(`deployment "${name}" exceeded its progress deadline`);
  const want = d.spec?.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  const prefix = `Waiting for deployment "${name}" rollout to finish: `;
  if (updated < want) return waiting(`${prefix}${updated} out of ${want} new replicas have been updated...\n`);
  if ((st.replicas ?? 0) > updated)
    return waiting(`${prefix}${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`);
  if ((st.availableReplicas ?? 0) < updated)
    return waiting(`${prefix}${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`);
  return { message: `deployment "${name}" successfully rolled out\n`, done: true };
}

/** DaemonSet: kubectl's DaemonSetStatusViewer. */
export function daemonSetStatus(ds: Workload): RolloutState {
  const name = ds.metadata?.name ?? '';
  const st = ds.status ?? {};
  if (ds.spec?.updateStrategy?.type && ds.spec.updateStrategy.type !== 'RollingUpdate')
    throw new KubectlError('rollout status is only available for RollingUpdate strategy type');
  if ((ds.metadata?.generation ?? 0) > (st.observedGeneration ?? 0))
    return waiting('Waiting for daemon set spec update to be observed...\n');
  const desired = st.desiredNumberScheduled ?? 0;
  const prefix = `Waiting for daemon set "${name}" rollout to finish: `;
  if ((st.updatedNumberScheduled ?? 0) < desired)
    return waiting(`${prefix}${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`);
  if ((st.numberAvailable ?? 0) < desired)
    return waiting(`${prefix}${st.numberAvailable ?? 0} of ${desired} updated pods are available...\n`);
  return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
}

/** StatefulSet: kubectl's StatefulSetStatusViewer. */
export function statefulSetStatus(sts: Workload): RolloutState {
  const st = sts.status ?? {};
  if (sts.spec?.updateStrategy?.type && sts.spec.updateStrategy.type !== 'RollingUpdate')
    throw new KubectlError('rollout status is only available for RollingUpdate strategy type');
  if (!st.observedGeneration || (sts.metadata?.generation ?? 0) > st.observedGeneration)
    return waiting('Waiting for statefulset spec update to be observed...\n');
  const replicas = sts.spec?.replicas ?? 1;
  if ((st.readyReplicas ?? 0) < replicas)
    return waiting(`Waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready...\n`);
  // As kubectl: any rollingUpdate (the server defaults it to partition 0) takes the partitioned texts.
  const rollingUpdate = sts.spec?.updateStrategy?.rollingUpdate;
  if (rollingUpdate) {
    const partition = rollingUpdate.partition ?? 0;
    if ((st.updatedReplicas ?? 0) < replicas - partition)
      return waiting(
        `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...\n`,
      );
    return {
      message: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n`,
      done: true,
    };
  }
  if (st.updateRevision !== st.currentRevision)
    return waiting(
      `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...\n`,
    );
  return {
    message: `statefulset rolling update complete ${st.currentReplicas ?? st.replicas ?? 0} pods at revision ${st.currentRevision}...\n`,
    done: true,
  };
}

/** The viewer of a kind, or undefined when kubectl has none. */
export function statusViewer(kind: string): ((w: Workload) => RolloutState) | undefined {
  return { Deployment: deploymentStatus, DaemonSet: daemonSetStatus, StatefulSet: statefulSetStatus }[kind];
}
