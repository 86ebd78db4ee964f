/**
 * Registry entries of autoscaling HorizontalPodAutoscalers: autoscaling/v2 (the stored form,
 * preferred) and autoscaling/v1 (HPA_V1_RESOURCE, served from the stored v2 through its
 * `storedAs` conversions), both in RESOURCES.
 */
import { dropRoundTripAnnotations, hpaV1ToV2, hpaV2ToV1 } from '../conversion/autoscaling.js';
import { defaultHorizontalPodAutoscaler, defaultHorizontalPodAutoscalerV1 } from '../defaults/autoscaling.js';
import { horizontalPodAutoscalerPrinter } from '../printing/autoscaling.js';
import type { TablePrinter } from '../printing/table.js';
import { HorizontalPodAutoscalerV1Schema, type HorizontalPodAutoscalerV1 } from '../schema/autoscaling-v1-hpa.js';
import { HorizontalPodAutoscalerSchema, type HorizontalPodAutoscaler } from '../schema/autoscaling-v2.js';
import { makeStrategy, type KubeObject } from '../strategy/strategy.js';
import { validateHorizontalPodAutoscaler, validateHorizontalPodAutoscalerUpdate } from '../validation/autoscaling.js';
import { STANDARD_VERBS, statusSubresource } from './common.js';
import { objectMetaFields } from './fields.js';
import { defineResource, type AnyResourceDefinition } from './types.js';

/** v2 objects never carry the v1 round-trip annotations (Kubernetes drops them converting v2). */
function dropAnnotations(obj: KubeObject): void {
  const meta = obj.metadata;
  if (meta?.annotations === undefined) return;
  const kept = dropRoundTripAnnotations(meta.annotations);
  if (kept !== meta.annotations) meta.annotations = kept;
}

const V2_STRATEGY = makeStrategy({
  initialStatus: () => ({ desiredReplicas: 0 }),
  onCreate: dropAnnotations,
  onUpdate: dropAnnotations,
});
const V1_STRATEGY = makeStrategy({ initialStatus: () => ({ currentReplicas: 0, desiredReplicas: 0 }) });

const COMMON = {
  group: 'autoscaling',
  kind: 'HorizontalPodAutoscaler',
  listKind: 'HorizontalPodAutoscalerList',
  resource: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  shortNames: ['hpa'],
  categories: ['all'],
  scope: 'Namespaced',
  verbs: STANDARD_VERBS,
  selectableFields: (o: KubeObject) => objectMetaFields(o, true),
} as const;

/** autoscaling/v2 HorizontalPodAutoscalers, the stored version. */
const HPA_V2_RESOURCE: AnyResourceDefinition = defineResource<HorizontalPodAutoscaler>({
  ...COMMON,
  version: 'v2',
  subresources: [statusSubresource('autoscaling', 'v2', 'HorizontalPodAutoscaler')],
  schema: HorizontalPodAutoscalerSchema,
  definitionName: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
  defaults: defaultHorizontalPodAutoscaler,
  validate: validateHorizontalPodAutoscaler,
  validateUpdate: validateHorizontalPodAutoscalerUpdate,
  strategy: V2_STRATEGY,
  printer: horizontalPodAutoscalerPrinter,
});

/** v1 objects print as Kubernetes prints every version: from their v2 form. */
const v1Printer: TablePrinter<HorizontalPodAutoscalerV1> = {
  columns: horizontalPodAutoscalerPrinter.columns,
  cells: (hpa, now) => horizontalPodAutoscalerPrinter.cells(hpaV1ToV2(hpa), now),
};

/**
 * autoscaling/v1 HorizontalPodAutoscalers, stored as v2 (`storedAs`). Validated as Kubernetes
 * validates them: in their v2 form, so errors name v2 fields (`spec.metrics[0]...`).
 */
export const HPA_V1_RESOURCE: AnyResourceDefinition = defineResource<HorizontalPodAutoscalerV1>({
  ...COMMON,
  version: 'v1',
  subresources: [statusSubresource('autoscaling', 'v1', 'HorizontalPodAutoscaler')],
  schema: HorizontalPodAutoscalerV1Schema,
  definitionName: 'io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler',
  defaults: defaultHorizontalPodAutoscalerV1,
  validate: (hpa) => validateHorizontalPodAutoscaler(hpaV1ToV2(hpa)),
  validateUpdate: (next, old) => validateHorizontalPodAutoscalerUpdate(hpaV1ToV2(next), hpaV1ToV2(old)),
  strategy: V1_STRATEGY,
  printer: v1Printer,
  storedAs: {
    version: 'v2',
    toStorage: (obj) => hpaV1ToV2(obj as HorizontalPodAutoscalerV1),
    fromStorage: (obj) => hpaV2ToV1(obj as HorizontalPodAutoscaler),
  },
});

/** autoscaling/v2 HorizontalPodAutoscalers (the stored version, preferred), then autoscaling/v1. */
export const AUTOSCALING_RESOURCES: readonly AnyResourceDefinition[] = [HPA_V2_RESOURCE, HPA_V1_RESOURCE];
