/** Registry entries of the named groups: apps, batch, coordination.k8s.io, policy, scheduling.k8s.io. */
import { deepClone } from '@wheelhouse/machinery';
import * as d from '../defaults/kinds.js';
import { leasePrinter, podDisruptionBudgetPrinter, priorityClassPrinter } from '../printing/cluster.js';
import { controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, jobPrinter, replicaSetPrinter, statefulSetPrinter } from '../printing/workloads.js';
import { ControllerRevisionSchema, DaemonSetSchema, DeploymentSchema, ReplicaSetSchema, StatefulSetSchema } from '../schema/apps-v1.js';
import { JobSchema } from '../schema/batch-v1.js';
import { LeaseSchema } from '../schema/coordination-v1.js';
import { PodDisruptionBudgetSchema } from '../schema/policy-v1.js';
import { PriorityClassSchema } from '../schema/scheduling-v1.js';
import { PLAIN_STRATEGY, strategyFor } from '../strategy/kinds.js';
import * as apps from '../validation/apps.js';
import { validateJob, validateJobUpdate } from '../validation/batch.js';
import * as cluster from '../validation/cluster.js';
import { scaleSubresource, STANDARD_VERBS, statusSubresource } from './common.js';
import { jobFields, objectMetaFields, replicaSetFields } from './fields.js';
import { defineResource, type AnyResourceDefinition } from './types.js';

const namespacedMeta = (o: { metadata?: { name?: string | undefined; namespace?: string | undefined } | undefined }) => objectMetaFields(o, true);
const clusterMeta = (o: { metadata?: { name?: string | undefined } | undefined }) => objectMetaFields(o, false);
const identity = <T>(o: T): T => deepClone(o);
const APPS = { group: 'apps', version: 'v1' } as const;

/** apps/v1 resources. */
export const APPS_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource({
    ...APPS, kind: 'Deployment', listKind: 'DeploymentList', resource: 'deployments', singular: 'deployment', shortNames: ['deploy'], categories: ['all'],
    scope: 'Namespaced', verbs: STANDARD_VERBS, subresources: [scaleSubresource(), statusSubresource('apps', 'v1', 'Deployment')],
    schema: DeploymentSchema, definitionName: 'io.k8s.api.apps.v1.Deployment', selectableFields: namespacedMeta, defaults: d.defaultDeployment,
    validate: apps.validateDeployment, validateUpdate: apps.validateDeploymentUpdate, strategy: strategyFor('apps', 'deployments'), printer: deploymentPrinter,
  }),
  defineResource({
    ...APPS, kind: 'ReplicaSet', listKind: 'ReplicaSetList', resource: 'replicasets', singular: 'replicaset', shortNames: ['rs'], categories: ['all'],
    scope: 'Namespaced', verbs: STANDARD_VERBS, subresources: [scaleSubresource(), statusSubresource('apps', 'v1', 'ReplicaSet')],
    schema: ReplicaSetSchema, definitionName: 'io.k8s.api.apps.v1.ReplicaSet', selectableFields: replicaSetFields, defaults: d.defaultReplicaSet,
    validate: apps.validateReplicaSet, validateUpdate: apps.validateReplicaSetUpdate, strategy: strategyFor('apps', 'replicasets'), printer: replicaSetPrinter,
  }),
  defineResource({
    ...APPS, kind: 'StatefulSet', listKind: 'StatefulSetList', resource: 'statefulsets', singular: 'statefulset', shortNames: ['sts'], categories: ['all'],
    scope: 'Namespaced', verbs: STANDARD_VERBS, subresources: [scaleSubresource(), statusSubresource('apps', 'v1', 'StatefulSet')],
    schema: StatefulSetSchema, definitionName: 'io.k8s.api.apps.v1.StatefulSet', selectableFields: namespacedMeta, defaults: d.defaultStatefulSet,
    validate: apps.validateStatefulSet, validateUpdate: apps.validateStatefulSetUpdate, strategy: strategyFor('apps', 'statefulsets'), printer: statefulSetPrinter,
  }),
  defineResource({
    ...APPS, kind: 'DaemonSet', listKind: 'DaemonSetList', resource: 'daemonsets', singular: 'daemonset', shortNames: ['ds'], categories: ['all'],
    scope: 'Namespaced', verbs: STANDARD_VERBS, subresources: [statusSubresource('apps', 'v1', 'DaemonSet')],
    schema: DaemonSetSchema, definitionName: 'io.k8s.api.apps.v1.DaemonSet', selectableFields: namespacedMeta, defaults: d.defaultDaemonSet,
    validate: apps.validateDaemonSet, validateUpdate: apps.validateDaemonSetUpdate, strategy: strategyFor('apps', 'daemonsets'), printer: daemonSetPrinter,
  }),
  defineResource({
    ...APPS, kind: 'ControllerRevision', listKind: 'ControllerRevisionList', resource: 'controllerrevisions', singular: 'controllerrevision', shortNames: [], categories: [],
    scope: 'Namespaced', verbs: STANDARD_VERBS, subresources: [],
    schema: ControllerRevisionSchema, definitionName: 'io.k8s.api.apps.v1.ControllerRevision', selectableFields: namespacedMeta, defaults: identity,
    validate: apps.validateControllerRevision, validateUpdate: apps.validateControllerRevisionUpdate, strategy: PLAIN_STRATEGY, printer: controllerRevisionPrinter,
  }),
];

/** batch, coordination.k8s.io, policy and scheduling.k8s.io resources. */
export const OTHER_GROUP_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource({
    group: 'batch', version: 'v1', kind: 'Job', listKind: 'JobList', resource: 'jobs', singular: 'job', shortNames: [], categories: ['all'],
    scope: 'Namespaced', verbs: STANDARD_VERBS, subresources: [statusSubresource('batch', 'v1', 'Job')],
    schema: JobSchema, definitionName: 'io.k8s.api.batch.v1.Job', selectableFields: jobFields, defaults: d.defaultJob,
    validate: validateJob, validateUpdate: validateJobUpdate, strategy: strategyFor('batch', 'jobs'), printer: jobPrinter,
    defaultGarbageCollectionPolicy: 'OrphanDependents',
  }),
  defineResource({
    group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', listKind: 'LeaseList', resource: 'leases', singular: 'lease', shortNames: [], categories: [],
    scope: 'Namespaced', verbs: STANDARD_VERBS, subresources: [],
    schema: LeaseSchema, definitionName: 'io.k8s.api.coordination.v1.Lease', selectableFields: namespacedMeta, defaults: identity,
    validate: cluster.validateLease, validateUpdate: cluster.validateLeaseUpdate, strategy: PLAIN_STRATEGY, printer: leasePrinter,
  }),
  defineResource({
    group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', listKind: 'PodDisruptionBudgetList', resource: 'poddisruptionbudgets', singular: 'poddisruptionbudget', shortNames: ['pdb'], categories: [],
    scope: 'Namespaced', verbs: STANDARD_VERBS, subresources: [statusSubresource('policy', 'v1', 'PodDisruptionBudget')],
    schema: PodDisruptionBudgetSchema, definitionName: 'io.k8s.api.policy.v1.PodDisruptionBudget', selectableFields: namespacedMeta, defaults: identity,
    validate: cluster.validatePodDisruptionBudget, validateUpdate: cluster.validatePodDisruptionBudgetUpdate, strategy: strategyFor('policy', 'poddisruptionbudgets'), printer: podDisruptionBudgetPrinter,
  }),
  defineResource({
    group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', listKind: 'PriorityClassList', resource: 'priorityclasses', singular: 'priorityclass', shortNames: ['pc'], categories: [],
    scope: 'Cluster', verbs: STANDARD_VERBS, subresources: [],
    schema: PriorityClassSchema, definitionName: 'io.k8s.api.scheduling.v1.PriorityClass', selectableFields: clusterMeta, defaults: d.defaultPriorityClass,
    validate: cluster.validatePriorityClass, validateUpdate: cluster.validatePriorityClassUpdate, strategy: PLAIN_STRATEGY, printer: priorityClassPrinter,
  }),
];
