/** core/v1 ComponentStatus (deprecated since 1.19, still served): the health of the control plane's parts. */
import { z } from 'zod';
import { ObjectMetaSchema } from './meta-v1.js';
import { named, namedKind, optList, optString } from './primitives.js';

/** One condition of a component: Healthy True, False or Unknown, with the check's message or error. */
export const ComponentConditionSchema = named(
  'io.k8s.api.core.v1.ComponentCondition',
  z.strictObject({ type: z.string(), status: z.string(), message: optString(), error: optString() }),
  'Information about the condition of a component.',
);

/** A control plane component's health. */
export const ComponentStatusSchema = namedKind(
  'io.k8s.api.core.v1.ComponentStatus',
  { group: '', version: 'v1', kind: 'ComponentStatus' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    conditions: optList(ComponentConditionSchema),
  }),
  'ComponentStatus (and ComponentStatusList) holds the cluster validation info. Deprecated: This API is deprecated in v1.19+',
);
/** A component's health. */
export type ComponentStatus = z.infer<typeof ComponentStatusSchema>;
