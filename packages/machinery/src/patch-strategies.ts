/**
 * Patch strategies for strategic merge patch: which lists merge by which key, which fields
 * are replaced whole. Kubernetes reads them from Go struct tags (`patchStrategy`,
 * `patchMergeKey`); here they are a table from a field path to a strategy. Paths are the
 * JSON field names from the object root joined by '.', list elements adding no segment:
 * `spec.template.spec.containers.env` is the env list of any container of a Deployment.
 *
 * The default tables below list the tags of k8s.io/api v1.32 for the kinds kubectl applies
 * and patches. Lists without a tag are replaced whole; that includes tolerations, node
 * taints, envFrom, args and command.
 */

/** How a field is patched: `merge` lists merge (by `mergeKey`, or as a set of scalars); `replace` replaces whole. */
export interface PatchStrategy {
  readonly strategy: 'merge' | 'replace' | 'retainKeys';
  /** The key identifying list elements; absent for lists of scalars merged as sets. */
  readonly mergeKey?: string;
  /** Kubernetes' `merge,retainKeys`: clients may send `$retainKeys` for each element (applying a patch needs nothing more). */
  readonly retainKeys?: boolean;
}

/** A table from field path to strategy. */
export type PatchStrategyTable = Readonly<Record<string, PatchStrategy>>;

/** Either a table or a function answering for a field path (undefined: maps merge, lists are replaced). */
export type PatchStrategyLookup = PatchStrategyTable | ((path: string) => PatchStrategy | undefined);

type Entries = Record<string, PatchStrategy>;

function byKey(mergeKey: string, retainKeys = false): PatchStrategy {
  return retainKeys ? { strategy: 'merge', mergeKey, retainKeys } : { strategy: 'merge', mergeKey };
}

const SET: PatchStrategy = { strategy: 'merge' };
const REPLACE: PatchStrategy = { strategy: 'replace' };
const RETAIN_KEYS: PatchStrategy = { strategy: 'retainKeys' };

function at(prefix: string, entries: Entries): Entries {
  const out: Entries = {};
  for (const [path, strategy] of Object.entries(entries)) out[prefix === '' ? path : `${prefix}.${path}`] = strategy;
  return out;
}

/** ObjectMeta: ownerReferences by uid, finalizers as a set. */
function objectMeta(prefix: string): Entries {
  return at(prefix, { ownerReferences: byKey('uid'), finalizers: SET });
}

function container(prefix: string): Entries {
  return at(prefix, {
    ports: byKey('containerPort'),
    env: byKey('name'),
    volumeMounts: byKey('mountPath'),
    volumeDevices: byKey('devicePath'),
  });
}

function podSpec(prefix: string): Entries {
  return {
    ...at(prefix, {
      containers: byKey('name'),
      initContainers: byKey('name'),
      ephemeralContainers: byKey('name'),
      volumes: byKey('name', true),
      imagePullSecrets: byKey('name'),
      hostAliases: byKey('ip'),
      topologySpreadConstraints: byKey('topologyKey'),
      schedulingGates: byKey('name'),
      resourceClaims: byKey('name', true),
      tolerations: REPLACE,
    }),
    ...container(`${prefix}.containers`),
    ...container(`${prefix}.initContainers`),
    ...container(`${prefix}.ephemeralContainers`),
  };
}

function containerStatuses(prefix: string): Entries {
  return at(prefix, { volumeMounts: byKey('mountPath'), allocatedResourcesStatus: byKey('name') });
}

function podStatus(prefix: string): Entries {
  return {
    ...at(prefix, {
      conditions: byKey('type'),
      podIPs: byKey('ip'),
      hostIPs: byKey('ip'),
      resourceClaimStatuses: byKey('name', true),
    }),
    ...containerStatuses(`${prefix}.containerStatuses`),
    ...containerStatuses(`${prefix}.initContainerStatuses`),
    ...containerStatuses(`${prefix}.ephemeralContainerStatuses`),
  };
}

function podTemplate(prefix: string): Entries {
  return { ...objectMeta(`${prefix}.metadata`), ...podSpec(`${prefix}.spec`) };
}

/** A workload: metadata, a pod template at `spec.template` (or deeper), and status conditions. */
function workload(templatePrefix: string, extra: Entries = {}): Entries {
  return { ...objectMeta('metadata'), ...podTemplate(templatePrefix), 'status.conditions': byKey('type'), ...extra };
}

function withMeta(entries: Entries): Entries {
  return { ...objectMeta('metadata'), ...entries };
}

const KIND_TABLES: Readonly<Record<string, Entries>> = {
  Pod: { ...objectMeta('metadata'), ...podSpec('spec'), ...podStatus('status') },
  PodTemplate: withMeta(podTemplate('template')),
  ReplicationController: workload('spec.template'),
  Deployment: workload('spec.template', { 'spec.strategy': RETAIN_KEYS }),
  ReplicaSet: workload('spec.template'),
  StatefulSet: workload('spec.template'),
  DaemonSet: workload('spec.template'),
  Job: workload('spec.template'),
  CronJob: withMeta({ ...objectMeta('spec.jobTemplate.metadata'), ...podTemplate('spec.jobTemplate.spec.template') }),
  Service: withMeta({ 'spec.ports': byKey('port'), 'status.conditions': byKey('type') }),
  Node: withMeta({
    'spec.podCIDRs': SET,
    'spec.taints': REPLACE,
    'status.conditions': byKey('type'),
    'status.addresses': byKey('type'),
  }),
  Namespace: withMeta({ 'status.conditions': byKey('type') }),
  PersistentVolumeClaim: withMeta({ 'status.conditions': byKey('type') }),
  ServiceAccount: withMeta({ secrets: byKey('name') }),
  PodDisruptionBudget: withMeta({ 'spec.selector': REPLACE, 'status.conditions': byKey('type') }),
  HorizontalPodAutoscaler: withMeta({ 'status.conditions': byKey('type') }),
  CSINode: withMeta({ 'spec.drivers': byKey('name') }),
  ValidatingWebhookConfiguration: withMeta({ webhooks: byKey('name'), 'webhooks.matchConditions': byKey('name') }),
  MutatingWebhookConfiguration: withMeta({ webhooks: byKey('name'), 'webhooks.matchConditions': byKey('name') }),
  ValidatingAdmissionPolicy: withMeta({ 'spec.matchConditions': byKey('name'), 'spec.variables': byKey('name') }),
  APIService: withMeta({ 'status.conditions': byKey('type') }),
};

const FROZEN_TABLES = new Map<string, PatchStrategyTable>(
  Object.entries(KIND_TABLES).map(([kind, table]) => [kind, deepFreezeTable(table)]),
);
const METADATA_ONLY = deepFreezeTable(objectMeta('metadata'));

function deepFreezeTable(table: Entries): PatchStrategyTable {
  for (const strategy of Object.values(table)) Object.freeze(strategy);
  return Object.freeze(table);
}

/** The kinds that have a default patch-strategy table. */
export function patchStrategyKinds(): string[] {
  return [...FROZEN_TABLES.keys()];
}

/**
 * The default strategy table for a built-in kind (`Pod`, `Deployment`, `Service`, `Node`,
 * ...); for any other kind only ObjectMeta's entries (ownerReferences by uid, finalizers
 * as a set). The table is frozen and shared.
 */
export function defaultPatchStrategies(kind: string): PatchStrategyTable {
  return FROZEN_TABLES.get(kind) ?? METADATA_ONLY;
}

/** Turns a table or a function into a lookup function. */
export function toStrategyLookup(strategies: PatchStrategyLookup): (path: string) => PatchStrategy | undefined {
  if (typeof strategies === 'function') return strategies;
  return (path) => (Object.prototype.hasOwnProperty.call(strategies, path) ? strategies[path] : undefined);
}
