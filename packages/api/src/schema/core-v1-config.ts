/** core/v1 Namespace, Event, ConfigMap, Secret and ServiceAccount. */
import { z } from 'zod';
import { ObjectMetaSchema } from './meta-v1.js';
import { ObjectReferenceSchema } from './core-v1-reference.js';
import { LocalObjectReferenceSchema } from './core-v1-volume.js';
import {
  conditionSchema,
  MicroTimeSchema,
  named,
  namedKind,
  optBool,
  optBytesMap,
  optInt32,
  optList,
  optString,
  optStringList,
  optStringMap,
  TimeSchema,
} from './primitives.js';

const CORE = 'io.k8s.api.core.v1.';

const typeAndMeta = { apiVersion: optString(), kind: optString(), metadata: ObjectMetaSchema.optional() };

/** A namespace condition (NamespaceDeletionContentFailure, ...). */
export const NamespaceConditionSchema = conditionSchema(`${CORE}NamespaceCondition`);

/** A namespace. */
export const NamespaceSchema = namedKind(
  `${CORE}Namespace`,
  { group: '', version: 'v1', kind: 'Namespace' },
  z.strictObject({
    ...typeAndMeta,
    spec: named(`${CORE}NamespaceSpec`, z.strictObject({ finalizers: optStringList() })).optional(),
    status: named(
      `${CORE}NamespaceStatus`,
      z.strictObject({ phase: optString(), conditions: optList(NamespaceConditionSchema) }),
    ).optional(),
  }),
  'Namespace provides a scope for Names.',
);
/** A namespace. */
export type Namespace = z.infer<typeof NamespaceSchema>;

/** The component that reported an event. */
export const EventSourceSchema = named(
  `${CORE}EventSource`,
  z.strictObject({ component: optString(), host: optString() }),
  'EventSource contains information for an event.',
);

/** A core/v1 event: something that happened to an object. */
export const EventSchema = namedKind(
  `${CORE}Event`,
  { group: '', version: 'v1', kind: 'Event' },
  z.strictObject({
    ...typeAndMeta,
    involvedObject: ObjectReferenceSchema.optional(),
    reason: optString(),
    message: optString(),
    source: EventSourceSchema.optional(),
    firstTimestamp: TimeSchema.optional(),
    lastTimestamp: TimeSchema.optional(),
    count: optInt32(),
    type: optString(),
    eventTime: MicroTimeSchema.optional(),
    series: named(
      `${CORE}EventSeries`,
      z.strictObject({ count: optInt32(), lastObservedTime: MicroTimeSchema.optional() }),
    ).optional(),
    action: optString(),
    related: ObjectReferenceSchema.optional(),
    reportingComponent: optString(),
    reportingInstance: optString(),
  }),
  'Event is a report of an event somewhere in the cluster.',
);
/** A core/v1 event. */
export type Event = z.infer<typeof EventSchema>;

/** A ConfigMap: non-secret configuration data. */
export const ConfigMapSchema = namedKind(
  `${CORE}ConfigMap`,
  { group: '', version: 'v1', kind: 'ConfigMap' },
  z.strictObject({ ...typeAndMeta, immutable: optBool(), data: optStringMap(), binaryData: optBytesMap() }),
  'ConfigMap holds configuration data for pods to consume.',
);
/** A ConfigMap. */
export type ConfigMap = z.infer<typeof ConfigMapSchema>;

/** A Secret: base64-encoded data (`stringData` is write-only and merged into `data`). */
export const SecretSchema = namedKind(
  `${CORE}Secret`,
  { group: '', version: 'v1', kind: 'Secret' },
  z.strictObject({
    ...typeAndMeta,
    immutable: optBool(),
    data: optBytesMap(),
    stringData: optStringMap(),
    type: optString(),
  }),
  'Secret holds secret data of a certain type.',
);
/** A Secret. */
export type Secret = z.infer<typeof SecretSchema>;

/** A ServiceAccount: an identity for processes in pods. */
export const ServiceAccountSchema = namedKind(
  `${CORE}ServiceAccount`,
  { group: '', version: 'v1', kind: 'ServiceAccount' },
  z.strictObject({
    ...typeAndMeta,
    secrets: optList(ObjectReferenceSchema),
    imagePullSecrets: optList(LocalObjectReferenceSchema),
    automountServiceAccountToken: optBool(),
  }),
  'ServiceAccount binds together a name, a principal that can be authenticated, and a set of secrets.',
);
/** A ServiceAccount. */
export type ServiceAccount = z.infer<typeof ServiceAccountSchema>;
