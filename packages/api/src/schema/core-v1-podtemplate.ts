/** core/v1 PodTemplate: a stored pod template that other objects can copy pods from. */
import { z } from 'zod';
import { ObjectMetaSchema } from './meta-v1.js';
import { PodTemplateSpecSchema } from './core-v1-pod.js';
import { namedKind, optString } from './primitives.js';

/** A PodTemplate: metadata plus the template of the pods it describes. */
export const PodTemplateSchema = namedKind(
  'io.k8s.api.core.v1.PodTemplate',
  { group: '', version: 'v1', kind: 'PodTemplate' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    template: PodTemplateSpecSchema.optional(),
  }),
  'PodTemplate describes a template for creating copies of a predefined pod.',
);
/** A PodTemplate. */
export type PodTemplate = z.infer<typeof PodTemplateSchema>;
