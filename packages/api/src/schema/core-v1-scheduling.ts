/** core/v1 scheduling constraints of a pod: affinity, tolerations, topology spread. */
import { z } from 'zod';
import { LabelSelectorSchema } from './meta-v1.js';
import { named, optInt32, optInt64, optList, optString, optStringList } from './primitives.js';

const CORE = 'io.k8s.api.core.v1.';

const NodeSelectorRequirement = named(
  `${CORE}NodeSelectorRequirement`,
  z.strictObject({ key: optString(), operator: optString(), values: optStringList() }),
);

/** One term of a node selector: all its expressions must match. */
export const NodeSelectorTermSchema = named(
  `${CORE}NodeSelectorTerm`,
  z.strictObject({ matchExpressions: optList(NodeSelectorRequirement), matchFields: optList(NodeSelectorRequirement) }),
  'A null or empty node selector term matches no objects.',
);
/** One term of a node selector. */
export type NodeSelectorTerm = z.infer<typeof NodeSelectorTermSchema>;

const NodeSelector = named(
  `${CORE}NodeSelector`,
  z.strictObject({ nodeSelectorTerms: optList(NodeSelectorTermSchema) }),
);
/** A node selector: the terms are ORed (PersistentVolume nodeAffinity, pod node affinity). */
export const NodeSelectorSchema = NodeSelector;
/** A node selector. */
export type NodeSelector = z.infer<typeof NodeSelectorSchema>;

/** Node affinity: hard (required) and soft (preferred, weighted) node selector terms. */
export const NodeAffinitySchema = named(
  `${CORE}NodeAffinity`,
  z.strictObject({
    requiredDuringSchedulingIgnoredDuringExecution: NodeSelector.optional(),
    preferredDuringSchedulingIgnoredDuringExecution: optList(
      named(
        `${CORE}PreferredSchedulingTerm`,
        z.strictObject({ weight: optInt32(), preference: NodeSelectorTermSchema.optional() }),
      ),
    ),
  }),
  'Node affinity is a group of node affinity scheduling rules.',
);

/** A set of pods (by label and namespace) that must (not) share a topology domain. */
export const PodAffinityTermSchema = named(
  `${CORE}PodAffinityTerm`,
  z.strictObject({
    labelSelector: LabelSelectorSchema.optional(),
    namespaces: optStringList(),
    topologyKey: optString(),
    namespaceSelector: LabelSelectorSchema.optional(),
    matchLabelKeys: optStringList(),
    mismatchLabelKeys: optStringList(),
  }),
  'Defines a set of pods that this pod should be co-located (affinity) or not co-located (anti-affinity) with.',
);
/** A pod affinity term. */
export type PodAffinityTerm = z.infer<typeof PodAffinityTermSchema>;

const WeightedPodAffinityTerm = named(
  `${CORE}WeightedPodAffinityTerm`,
  z.strictObject({ weight: optInt32(), podAffinityTerm: PodAffinityTermSchema.optional() }),
);

const podAffinityFields = {
  requiredDuringSchedulingIgnoredDuringExecution: optList(PodAffinityTermSchema),
  preferredDuringSchedulingIgnoredDuringExecution: optList(WeightedPodAffinityTerm),
};

/** All affinity rules of a pod. */
export const AffinitySchema = named(
  `${CORE}Affinity`,
  z.strictObject({
    nodeAffinity: NodeAffinitySchema.optional(),
    podAffinity: named(`${CORE}PodAffinity`, z.strictObject(podAffinityFields)).optional(),
    podAntiAffinity: named(`${CORE}PodAntiAffinity`, z.strictObject(podAffinityFields)).optional(),
  }),
  'Affinity is a group of affinity scheduling rules.',
);
/** All affinity rules of a pod. */
export type Affinity = z.infer<typeof AffinitySchema>;

/** A toleration of a node taint. */
export const TolerationSchema = named(
  `${CORE}Toleration`,
  z.strictObject({
    key: optString(),
    operator: optString(),
    value: optString(),
    effect: optString(),
    tolerationSeconds: optInt64(),
  }),
  'The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect>.',
);
/** A toleration of a node taint. */
export type Toleration = z.infer<typeof TolerationSchema>;

/** How pods spread across topology domains. */
export const TopologySpreadConstraintSchema = named(
  `${CORE}TopologySpreadConstraint`,
  z.strictObject({
    maxSkew: optInt32(),
    topologyKey: optString(),
    whenUnsatisfiable: optString(),
    labelSelector: LabelSelectorSchema.optional(),
    minDomains: optInt32(),
    nodeAffinityPolicy: optString(),
    nodeTaintsPolicy: optString(),
    matchLabelKeys: optStringList(),
  }),
  'TopologySpreadConstraint specifies how to spread matching pods among the given topology.',
);
/** How pods spread across topology domains. */
export type TopologySpreadConstraint = z.infer<typeof TopologySpreadConstraintSchema>;
