/** policy/v1 PodDisruptionBudget and Eviction. */
import { z } from 'zod';
import { ConditionSchema, DeleteOptionsSchema, LabelSelectorSchema, ObjectMetaSchema } from './meta-v1.js';
import {
  IntOrStringSchema,
  named,
  namedKind,
  optInt32,
  optInt64,
  optList,
  optString,
  TimeSchema,
} from './primitives.js';

const POLICY = 'io.k8s.api.policy.v1.';

/** A PodDisruptionBudget: how many matching pods voluntary disruptions may take down. */
export const PodDisruptionBudgetSchema = namedKind(
  `${POLICY}PodDisruptionBudget`,
  { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: named(
      `${POLICY}PodDisruptionBudgetSpec`,
      z.strictObject({
        minAvailable: IntOrStringSchema.optional(),
        selector: LabelSelectorSchema.optional(),
        maxUnavailable: IntOrStringSchema.optional(),
        unhealthyPodEvictionPolicy: optString(),
      }),
    ).optional(),
    status: named(
      `${POLICY}PodDisruptionBudgetStatus`,
      z.strictObject({
        observedGeneration: optInt64(),
        disruptedPods: z.record(z.string(), TimeSchema).optional(),
        disruptionsAllowed: optInt32(),
        currentHealthy: optInt32(),
        desiredHealthy: optInt32(),
        expectedPods: optInt32(),
        conditions: optList(ConditionSchema),
      }),
    ).optional(),
  }),
  'PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods.',
);
/** A PodDisruptionBudget. */
export type PodDisruptionBudget = z.infer<typeof PodDisruptionBudgetSchema>;

/** An Eviction: POSTed to pods/{name}/eviction to delete a pod subject to PodDisruptionBudgets. */
export const EvictionSchema = namedKind(
  `${POLICY}Eviction`,
  { group: 'policy', version: 'v1', kind: 'Eviction' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    deleteOptions: DeleteOptionsSchema.optional(),
  }),
  'Eviction evicts a pod from its node subject to certain policies and safety constraints.',
);
/** An Eviction. */
export type Eviction = z.infer<typeof EvictionSchema>;
