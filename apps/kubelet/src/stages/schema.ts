import { z } from 'zod';

/** The apiVersion of stage documents. */
export const STAGE_API_VERSION = 'sim.wheelhouse.dev/v1alpha1';

const ExpressionRequirementSchema = z.strictObject({
  /** A path (or any expression) evaluated on the object; a `[]` path yields several values. */
  key: z.string().min(1),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
  values: z.array(z.string()).optional(),
});

/** Which objects a stage applies to; all parts are ANDed, and an absent selector matches every object. */
export const StageSelectorSchema = z.strictObject({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchAnnotations: z.record(z.string(), z.string()).optional(),
  matchExpressions: z.array(ExpressionRequirementSchema).optional(),
});

const millis = z.number().int().min(0);

/**
 * How long after the object matched the stage plays: `durationMilliseconds` (or the number
 * `durationFrom` evaluates to), plus a random part up to `jitterDurationMilliseconds` (or
 * `jitterDurationFrom`): the delay is uniform between the two when the jitter is the larger.
 */
export const StageDelaySchema = z.strictObject({
  durationMilliseconds: millis.optional(),
  durationFrom: z.string().min(1).optional(),
  jitterDurationMilliseconds: millis.optional(),
  jitterDurationFrom: z.string().min(1).optional(),
});

/**
 * An Event the stage records about the object; `reason`, `message` and `fieldPath` are
 * template strings. `fieldPath` names the part of the object the Event is about, as the
 * kubelet names a container: `spec.containers{app}`.
 */
export const StageEventSchema = z.strictObject({
  type: z.enum(['Normal', 'Warning']),
  reason: z.string().min(1),
  message: z.string(),
  fieldPath: z.string().optional(),
});

/**
 * An Event, or Events made by `{ $each: list, $do: items }` (for each `$item`) or chosen by
 * `{ $if: expr, $then: items, $else: items }`, where items are one item or a list of them.
 */
export type StageEventItem =
  | z.infer<typeof StageEventSchema>
  | { $each: string; $do: StageEventItem | StageEventItem[] }
  | { $if: string; $then: StageEventItem | StageEventItem[]; $else?: StageEventItem | StageEventItem[] | undefined };

/** One item of `next.events`: see {@link StageEventItem}. */
export const StageEventItemSchema: z.ZodType<StageEventItem> = z.lazy(() => {
  const items = z.union([StageEventItemSchema, z.array(StageEventItemSchema)]);
  return z.union([
    StageEventSchema,
    z.strictObject({ $each: z.string().min(1), $do: items }),
    z.strictObject({ $if: z.string().min(1), $then: items, $else: items.optional() }),
  ]);
});

/**
 * What playing the stage does: a status change (a template), Events (`event`, kwok's one, and
 * `events`, recorded in order after it), and/or deletion.
 */
export const StageNextSchema = z.strictObject({
  status: z.record(z.string(), z.unknown()).optional(),
  event: StageEventSchema.optional(),
  events: z.array(StageEventItemSchema).optional(),
  delete: z.boolean().optional(),
});

/** A stage document: kwok's model of a lifecycle step (selector, delay, next). */
export const StageSchema = z.strictObject({
  apiVersion: z.literal(STAGE_API_VERSION),
  kind: z.literal('Stage'),
  metadata: z.strictObject({
    name: z.string().min(1),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.strictObject({
    resourceRef: z.strictObject({ apiGroup: z.literal('v1').optional(), kind: z.enum(['Pod', 'Node']) }),
    selector: StageSelectorSchema.optional(),
    /** Among several stages matching one object, one is picked at random in proportion to weight. */
    weight: z.number().int().min(0).optional(),
    delay: StageDelaySchema.optional(),
    next: StageNextSchema,
  }),
});

/** A stage document as written in YAML. */
export type StageDocument = z.infer<typeof StageSchema>;
/** A stage's selector. */
export type StageSelector = z.infer<typeof StageSelectorSchema>;
/** A stage's delay. */
export type StageDelay = z.infer<typeof StageDelaySchema>;
/** The kinds stages apply to. */
export type StageKind = StageDocument['spec']['resourceRef']['kind'];
